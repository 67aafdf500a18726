"""Rules linear_regression_whole_set, _split and _momentum: one SGD experiment of 001 §2.

``params.experiment`` picks it: ``whole_set`` (2.1-2.2, every update), ``split`` (2.3-2.4,
per epoch on the 80% training part) or ``momentum`` (2.5, one run per μ of the config's
list and of every candidate list of the question).
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression import experiments
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.training import SGDSettings

params = snakemake.params
EXPERIMENTS = {
    "whole_set": experiments.whole_set_run,
    "split": lambda x, y, sgd: experiments.split_run(x, y, sgd, params.random_state),
    "momentum": lambda x, y, sgd: experiments.momentum_runs(
        x,
        y,
        sgd,
        experiments.momentum_values(params.momenta, params.candidates),
        params.random_state,
    ),
}

with job(snakemake.log[0], threads=snakemake.threads):
    x, y = load_pair(Path(snakemake.input.x).parent)
    metrics: pd.DataFrame = EXPERIMENTS[params.experiment](x, y, SGDSettings(**params.sgd))
    write_csv(Path(snakemake.output[0]), metrics)
    print(metrics.tail(3).to_string(index=False))
