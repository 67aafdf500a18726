"""Rule linear_regression_split: SGD on the 80% training part, per epoch (001 §2.3-2.4)."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.experiments import split_run
from sgdlab.studies.linear_regression.training import TrainSpec

params = snakemake.params
with job(snakemake.log[0], threads=snakemake.threads):
    x, y = load_pair(Path(snakemake.input.x).parent)
    metrics = split_run(x, y, TrainSpec(**params.spec), params.random_state)
    write_csv(Path(snakemake.output[0]), metrics)
    print(metrics.tail(3).to_string(index=False))
