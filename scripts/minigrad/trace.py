"""Rule minigrad_trace: 004 problem 2's trace in both modes beside PyTorch and the closed form."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad.trace import trace_table

with job(snakemake.log[0]):
    table = trace_table(snakemake.params.points)
    write_csv(Path(snakemake.output[0]), table)
    print(f"{int(table['agrees'].sum())} of {len(table)} rows agree")
