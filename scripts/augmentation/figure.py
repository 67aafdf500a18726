"""Rule augmentation_figure: one metric of the four settings against passes."""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.augmentation import figures

out = snakemake.output
with job(snakemake.log[0]):
    settings = pd.read_csv(snakemake.input[0])
    figures.plot_metric(settings, snakemake.wildcards.metric, out.png, out.pdf)
