"""Rule linear_regression_figures: every figure of 001 §2, each from its experiment's metrics.

``params.sources`` maps a figure to the experiment (an input) whose metrics it draws, and
``params.settings`` holds each figure's settings; the outputs are ``<figure>_png`` and
``<figure>_pdf``.
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.figures import PLOTS, Points

inp, out, params = snakemake.input, snakemake.output, snakemake.params
with job(snakemake.log[0]):
    points = Points(*load_pair(Path(inp.x).parent))
    metrics = {source: pd.read_csv(inp[source]) for source in set(params.sources.values())}
    for name, source in params.sources.items():
        png, pdf = out[f"{name}_png"], out[f"{name}_pdf"]
        PLOTS[name](metrics[source], points, png, pdf, **params.settings[name])
