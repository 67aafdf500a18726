"""Rule minigrad_cost_figure: time vs d and memory vs T, log-log, with the fitted slopes."""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad.figures import plot_cost

with job(snakemake.log[0]):
    plot_cost(
        pd.read_csv(snakemake.input.measurements),
        pd.read_csv(snakemake.input.slopes),
        snakemake.output.png,
        snakemake.output.pdf,
    )
