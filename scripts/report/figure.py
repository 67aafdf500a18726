"""Rule compute_cost_figure: the wall time of every search and training job, one bar each."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.compute_cost import plot_cost
from sgdlab.pipeline.job import job

with job(snakemake.log[0]):
    plot_cost(
        pd.read_csv(snakemake.input[0]), Path(snakemake.output.png), Path(snakemake.output.pdf)
    )
