"""Rule linear_regression_momentum: SGD with the momentum of 001 §2.5, one run per μ."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.experiments import momentum_runs
from sgdlab.studies.linear_regression.training import TrainSpec

params = snakemake.params
with job(snakemake.log[0], threads=snakemake.threads):
    x, y = load_pair(Path(snakemake.input.x).parent)
    metrics = momentum_runs(x, y, TrainSpec(**params.spec), params.momenta, params.random_state)
    write_csv(Path(snakemake.output[0]), metrics)
    print(metrics.tail(3).to_string(index=False))
