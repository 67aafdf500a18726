"""Rule minigrad_aggregate: all runs of a training group in one table, and its final table."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad.comparison import final_table

with job(snakemake.log[0]):
    metrics = pd.concat([pd.read_csv(path) for path in snakemake.input], ignore_index=True)
    write_csv(Path(snakemake.output.metrics), metrics)
    table = final_table(metrics, snakemake.params.baseline)
    write_csv(Path(snakemake.output.table), table)
    print(table[["dataset", "variant", "lr", "lr_position", "verdict"]].to_string(index=False))
