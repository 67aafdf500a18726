"""Rule linear_regression_whole_set: SGD on the whole set, every update (001 §2.1-2.2)."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.experiments import whole_set_run
from sgdlab.studies.linear_regression.training import TrainSpec

params = snakemake.params
with job(snakemake.log[0], threads=snakemake.threads):
    x, y = load_pair(Path(snakemake.input.x).parent)
    metrics = whole_set_run(x, y, TrainSpec(**params.spec))
    write_csv(Path(snakemake.output[0]), metrics)
    print(metrics.tail(3).to_string(index=False))
