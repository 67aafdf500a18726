"""Rule compute_cost: wall time, memory and CPU time of every search and training job."""

from pathlib import Path

from sgdlab.pipeline.compute_cost import cost_table, plot_cost
from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job

out = snakemake.output
with job(snakemake.log[0]):
    jobs = [
        (rule, name, Path(path))
        for (rule, name), path in zip(snakemake.params.jobs, snakemake.input, strict=True)
    ]
    table = cost_table(jobs)
    write_csv(Path(out.table), table)
    plot_cost(table, out.png, out.pdf)
