"""Rule optimizer_sweep_aggregate: all logged points and the table of test accuracies."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv, write_text
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies import optimizer_sweep

out = snakemake.output
with job(snakemake.log[0]):
    sgd = concat_metrics(snakemake.input.sgd)
    others = concat_metrics(snakemake.input.optimizers)
    grid = optimizer_sweep.grid_table(sgd, snakemake.params.epochs)
    table = optimizer_sweep.results_table(grid, others)
    write_csv(Path(out.metrics), pd.concat([sgd, others], ignore_index=True))
    write_csv(Path(out.table), table)
    write_text(Path(out.markdown), optimizer_sweep.markdown_table(table))
