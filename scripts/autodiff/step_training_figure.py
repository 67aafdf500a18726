"""Rule autodiff_step_training_figure: accuracy and weight change against updates."""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.autodiff.figures import step_training

out = snakemake.output
with job(snakemake.log[0]):
    metrics = pd.read_csv(snakemake.input[0])
    step_training(metrics, tuple(snakemake.params.classes), out.png, out.pdf)
