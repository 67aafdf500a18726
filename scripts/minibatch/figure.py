"""Rules minibatch_curve, _to_interpolation, _divergent_lr, _lr_sensitivity, _reached: a figure.

The rule's ``params.figure`` names the figure; each reads its own inputs.
"""

import pandas as pd

from sgdlab.pipeline.files import read_json
from sgdlab.pipeline.job import job
from sgdlab.studies.minibatch import figures, interpolation, tables

out, params = snakemake.output, snakemake.params


def curve() -> None:
    """One metric of the runs at the document's rate factor against updates or passes."""
    metrics = tables.main_runs(pd.read_csv(snakemake.input[0]), params.lr_factor)
    figures.plot_curve(
        metrics, snakemake.wildcards.metric, snakemake.wildcards.axis, out.png, out.pdf
    )


def to_interpolation() -> None:
    """Updates or passes to each training-accuracy threshold against B."""
    thresholds = tables.main_runs(pd.read_csv(snakemake.input.thresholds), params.lr_factor)
    scaling = tables.main_runs(pd.read_csv(snakemake.input.scaling), params.lr_factor)
    figures.plot_to_threshold(thresholds, scaling, snakemake.wildcards.axis, out.png, out.pdf)


def divergent_lr() -> None:
    """Every seed's divergent rate against B, from the learning-rate searches."""
    searches = {s["batch_size"]: s for s in map(read_json, snakemake.input)}
    figures.plot_divergent_lr(searches, params.lr_factor, out.png, out.pdf)


def lr_sensitivity() -> None:
    """Updates to each threshold against B, one line per factor of eta*_B."""
    figures.plot_factor_sensitivity(pd.read_csv(snakemake.input[0]), out.png, out.pdf)


def interpolation_reached() -> None:
    """Updates and passes to 100% against B, of the runs that trained on to interpolation."""
    runs = pd.read_csv(snakemake.input[0])
    interpolation.plot_reached(runs, params.max_passes, out.png, out.pdf)


DRAW = {
    "curve": curve,
    "to_interpolation": to_interpolation,
    "divergent_lr": divergent_lr,
    "lr_sensitivity": lr_sensitivity,
    "interpolation_reached": interpolation_reached,
}

with job(snakemake.log[0]):
    DRAW[params.figure]()
