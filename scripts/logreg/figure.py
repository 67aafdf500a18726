"""Rule logreg_figure: the figure of one statement of problem 5, by name."""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.logreg.figures import PLOTS

params, out = snakemake.params, snakemake.output
with job(snakemake.log[0]):
    tables = [pd.read_csv(path) for path in snakemake.input]
    PLOTS[params.figure](tables, out.png, out.pdf, **params.settings)
