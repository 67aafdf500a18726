"""Rule linear_regression_figure: one figure of 001 section 2, by name."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.figures import FIGURES

inp, out = snakemake.input, snakemake.output
with job(snakemake.log[0]):
    x, y = load_pair(Path(inp.x).parent)
    plot = FIGURES[snakemake.wildcards.name]
    plot(pd.read_csv(inp.metrics), x, y, snakemake.params.random_state, out.png, out.pdf)
