"""Rules minigrad_cost and minigrad_train: the timed cost measurements, or one MLP's runs.

``params.experiment`` picks the job: ``cost`` (004 problem 3: time and memory of both
modes) or ``mlp`` (003 questions 9-10: one (dataset, variant) tuned on validation accuracy,
then trained for every seed at the chosen rate).
"""

from pathlib import Path

from sgdlab.pipeline.files import read_json, write_csv
from sgdlab.pipeline.job import job
from sgdlab.pipeline.subsample import Subsample
from sgdlab.studies.minigrad import cost, training
from sgdlab.studies.minigrad.tuning import TuningSettings, tune_and_train

params, inp = snakemake.params, snakemake.input


def measure_cost() -> None:
    """Every cost series: time and memory against d and against T."""
    measurements = cost.measure(
        params.dims, params.ops, params.fixed_ops, params.fixed_dim, params.repeats
    )
    write_csv(Path(snakemake.output[0]), measurements)


def train_mlp() -> None:
    """One (dataset, variant): the rate walk on the tuning seeds, then every seed."""
    dataset, variant = snakemake.wildcards.dataset, snakemake.wildcards.variant
    on_fashion = hasattr(inp, "subsample")
    data = training.load_data(
        dataset,
        params.sizes,
        Path(inp.data[0]).parent if on_fashion else None,
        Subsample(**read_json(inp.subsample)) if on_fashion else None,
    )
    settings = training.variant_settings(params.base, params.sizes, params.overrides)
    metrics = tune_and_train(data, settings, list(params.seeds), TuningSettings(**params.tuning))
    metrics.insert(0, "variant", variant)
    metrics.insert(0, "dataset", dataset)
    write_csv(Path(snakemake.output[0]), metrics)
    last = metrics[metrics["epoch"] == metrics["epoch"].max()]
    print(last.drop(columns=["dataset", "variant"]).to_string(index=False))


EXPERIMENTS = {"cost": measure_cost, "mlp": train_mlp}

with job(snakemake.log[0]):
    EXPERIMENTS[params.experiment]()
