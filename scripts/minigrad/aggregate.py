"""Rule minigrad_aggregate: all training runs in one table, and the final-accuracy table."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad.training import final_table

with job(snakemake.log[0]):
    metrics = pd.concat([pd.read_csv(path) for path in snakemake.input], ignore_index=True)
    write_csv(Path(snakemake.output.metrics), metrics)
    write_csv(Path(snakemake.output.table), final_table(metrics, snakemake.params.baseline))
