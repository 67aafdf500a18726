"""Rule optimizer_sweep_best: the plain-SGD grid's best (lr, batch size, epochs)."""

from pathlib import Path

from sgdlab.pipeline.files import write_json
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies import optimizer_sweep

with job(snakemake.log[0]):
    grid = optimizer_sweep.grid_table(concat_metrics(snakemake.input), snakemake.params.epochs)
    write_json(Path(snakemake.output[0]), optimizer_sweep.best_setting(grid))
