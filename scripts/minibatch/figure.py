"""Rule minibatch_figures: every figure of the study, from its metrics, tables and searches."""

import pandas as pd

from sgdlab.pipeline.files import read_json
from sgdlab.pipeline.job import job
from sgdlab.studies.minibatch import AXES, CURVE_METRICS, figures, interpolation, tables

inp, out, params = snakemake.input, snakemake.output, snakemake.params


def paths(name: str) -> tuple[str, str]:
    """The PNG and PDF outputs of the figure ``name``."""
    return out[f"{name}_png"], out[f"{name}_pdf"]


with job(snakemake.log[0]):
    # Sections 3 and 4: the runs at the document's rate factor against updates and passes.
    metrics = tables.main_runs(pd.read_csv(inp.metrics), params.lr_factor)
    for metric in CURVE_METRICS:
        for axis in AXES:
            figures.plot_curve(metrics, metric, axis, *paths(f"{metric}_vs_{axis}"))
    thresholds = pd.read_csv(inp.thresholds)
    main_thresholds = tables.main_runs(thresholds, params.lr_factor)
    scaling = tables.main_runs(pd.read_csv(inp.scaling), params.lr_factor)
    for axis in AXES:
        figures.plot_to_threshold(
            main_thresholds, scaling, axis, *paths(f"{axis}_to_interpolation")
        )
    searches = {s["batch_size"]: s for s in map(read_json, inp.searches)}
    figures.plot_divergent_lr(searches, params.lr_factor, *paths("divergent_lr"))
    # Every rate factor's runs, and the runs trained on until they interpolate.
    figures.plot_factor_sensitivity(thresholds, *paths("lr_sensitivity"))
    interpolation.plot_reached(
        pd.read_csv(inp.reached), params.max_passes, *paths("interpolation_reached")
    )
