"""Rule optimizer_sweep_figure: test accuracy against passes, one line per optimizer."""

import pandas as pd

from sgdlab.pipeline.files import read_json
from sgdlab.pipeline.job import job
from sgdlab.studies.optimizer_sweep import figures

out = snakemake.output
with job(snakemake.log[0]):
    metrics = pd.read_csv(snakemake.input.metrics)
    best = read_json(snakemake.input.setting)
    figures.plot_optimizers(metrics, best, out.png, out.pdf)
