"""Rule linear_regression_figure: one figure of 001 section 2, by name."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.figures import PLOTS

inp, out, params = snakemake.input, snakemake.output, snakemake.params
with job(snakemake.log[0]):
    x, y = load_pair(Path(inp.x).parent)
    PLOTS[params.figure](pd.read_csv(inp.metrics), x, y, out.png, out.pdf, **params.settings)
