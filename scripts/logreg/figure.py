"""Rule logreg_figures: the figure of each statement of problem 5, from the run tables."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.logreg import FIGURE_SOURCES
from sgdlab.studies.logreg.figures import PLOTS

params, inp, out = snakemake.params, snakemake.input, snakemake.output
with job(snakemake.log[0]):
    for name, sources in FIGURE_SOURCES.items():
        tables = [pd.read_csv(getattr(inp, Path(source).stem)) for source in sources]
        png, pdf = getattr(out, f"{name}_png"), getattr(out, f"{name}_pdf")
        PLOTS[name](tables, png, pdf, **params.settings[name])
