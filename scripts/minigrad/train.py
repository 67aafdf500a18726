"""Rules minigrad_cost and minigrad_train: the timed cost measurements, or one MLP's runs.

``params.experiment`` picks the job: ``cost`` (004 problem 3: time and memory of both
modes) or ``mlp`` (003 questions 9-10: one (dataset, variant) trained for every seed).
"""

from pathlib import Path

from sgdlab.pipeline.files import read_json, write_csv
from sgdlab.pipeline.job import job
from sgdlab.pipeline.subsample import Subsample
from sgdlab.studies.minigrad import cost, training

params, inp = snakemake.params, snakemake.input


def measure_cost() -> None:
    """Time against d and memory against T of forward and reverse mode."""
    measurements = cost.measure(
        params.dims, params.ops, params.fixed_ops, params.fixed_dim, params.repeats
    )
    write_csv(Path(snakemake.output[0]), measurements)


def train_mlp() -> None:
    """Every seed of one (dataset, variant) MLP."""
    dataset, variant = snakemake.wildcards.dataset, snakemake.wildcards.variant
    on_fashion = hasattr(inp, "subsample")
    data = training.load_data(
        dataset,
        params.sizes,
        Path(inp.data[0]).parent if on_fashion else None,
        Subsample(**read_json(inp.subsample)) if on_fashion else None,
    )
    settings = training.variant_settings(params.base, params.sizes, params.overrides)
    metrics = training.run(dataset, variant, data, settings, list(params.seeds))
    write_csv(Path(snakemake.output[0]), metrics)
    print(metrics.groupby("seed").tail(1).to_string(index=False))


EXPERIMENTS = {"cost": measure_cost, "mlp": train_mlp}

with job(snakemake.log[0]):
    EXPERIMENTS[params.experiment]()
