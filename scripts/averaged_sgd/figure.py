"""Rule averaged_sgd_figure: the 2x2 figure of trained vs averaged weights."""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.averaged_sgd import figures

out = snakemake.output
with job(snakemake.log[0]):
    metrics = pd.read_csv(snakemake.input[0])
    figures.plot_grid(metrics, snakemake.params.skip_passes, out.png, out.pdf)
