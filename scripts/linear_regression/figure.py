"""Rules linear_regression_figure and linear_regression_momentum_figures: figures of 001 §2.

``params.figures`` names the figures the job draws from one experiment's metrics (the two
momentum figures read the same runs, so one job draws both); the outputs are a PNG and a
PDF per figure, in that order, and ``params.settings`` holds each figure's settings.
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.figures import PLOTS, Points

inp, out, params = snakemake.input, snakemake.output, snakemake.params
with job(snakemake.log[0]):
    points = Points(*load_pair(Path(inp.x).parent))
    metrics = pd.read_csv(inp.metrics)
    files = list(out)
    for i, name in enumerate(params.figures):
        png, pdf = files[2 * i : 2 * i + 2]
        PLOTS[name](metrics, points, png, pdf, **params.settings[name])
