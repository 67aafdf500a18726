"""Rule augmentation_figures: each metric of the four settings against passes."""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.augmentation import FIGURES, figures

out = snakemake.output
with job(snakemake.log[0]):
    settings = pd.read_csv(snakemake.input[0])
    for metric in FIGURES:
        figures.plot_metric(settings, metric, out[f"{metric}_png"], out[f"{metric}_pdf"])
