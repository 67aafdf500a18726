"""Rule minigrad_curves: validation accuracy vs epoch for a group of variants."""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad.figures import plot_curves

with job(snakemake.log[0]):
    plot_curves(
        pd.read_csv(snakemake.input[0]),
        snakemake.params.variants,
        snakemake.output.png,
        snakemake.output.pdf,
        snakemake.params.heading,
    )
