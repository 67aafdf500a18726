"""Interpolation reached: the runs that train on past the 50 passes until 100% training accuracy.

Within the document's 50 passes no seed interpolates at eta*_B / 2, / 4 or / 8; the runs
at one factor (config ``minibatch.interpolation_runs``) train on in the same job until
they reach 100% training accuracy or a cap. Per B and seed, the first update and pass at
100% (or the cap, censored); per B, their mean and 95% t-interval where every seed reached
it; and the log-log slope against B, fitted on the batch sizes where every seed did.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from sgdlab.pipeline.metrics_tables import first_reaching
from sgdlab.pipeline.plotting import LABELS, log_axis, new_figure, save, title
from sgdlab.pipeline.statistics import Interval, loglog_slope, mean_interval
from sgdlab.pipeline.tables import interval_columns, interval_text
from sgdlab.studies.minibatch.tables import KEYS, POSITIVE, slope_row

# What each quantity is against B, its column in the per-seed table and linear scaling's
# slope (updates ∝ 1/B below a critical batch size, so passes do not depend on B).
QUANTITIES = {
    "updates": ("update", -1.0),
    "passes": ("passes", 0.0),
}


def within_budget(metrics: pd.DataFrame, passes: float) -> pd.DataFrame:
    """Every run's rows up to ``passes``: the document's runs, also of those that trained on.

    A run that went on past ``passes`` had completed the document's budget there, so its
    status in this view is ``completed``.
    """
    beyond = metrics.groupby(list(KEYS))["passes"].transform("max") > passes + 1e-9
    inside = metrics["passes"] <= passes + 1e-9
    frame = metrics[inside].copy()
    frame.loc[beyond[inside], "status"] = "completed"
    return frame


def reached_runs(metrics: pd.DataFrame, lr_factor: float) -> pd.DataFrame:
    """Per B and seed of the runs at ``lr_factor``: first update and pass at 100%, or the end.

    ``reached`` is False for a seed that stopped at the cap short of 100% (censored: its
    update and pass are the cap's, a lower bound).
    """
    runs = metrics[np.isclose(metrics["lr_factor"], lr_factor)]
    table = first_reaching(runs, (*KEYS, "model", "lr", "status"), [1.0])
    table = table.drop(columns="threshold")
    return table.rename(columns={"lr": "train_lr"})


def reached_table(runs: pd.DataFrame, max_passes: float) -> pd.DataFrame:
    """Per B: seeds at 100% by the cap, and updates and passes to it (mean, 95% t-CI, n).

    Where every seed reached 100% the interval columns hold the mean and its interval;
    where some seed did not, they are empty and ``*_lower_bound`` holds the mean with each
    censored seed's cap in place of its unknown value.
    """
    rows = []
    for (factor, size), group in runs.groupby(["lr_factor", "batch_size"], sort=True):
        every = bool(group["reached"].all())
        row = {
            "lr_factor": factor,
            "batch_size": size,
            "max_passes": max_passes,
            "seeds": len(group),
            "reached": int(group["reached"].sum()),
            "train_lr": group["train_lr"].mean(),
        }
        for name, (column, _) in QUANTITIES.items():
            values = group[column].tolist() if every else []
            row |= interval_columns(f"{name}_to_100%", values, bounds=POSITIVE)
            row[f"{name}_lower_bound"] = math.nan if every else group[column].mean()
        rows.append(row)
    return pd.DataFrame(rows)


def _complete(runs: pd.DataFrame) -> pd.DataFrame:
    """The seeds' rows at the batch sizes where every seed reached 100% (the fitted points)."""
    return runs.groupby("batch_size").filter(lambda g: bool(g["reached"].all()))


def reached_slopes(runs: pd.DataFrame, max_passes: float) -> pd.DataFrame:
    """Log-log slopes of updates and passes to 100% against B, in the scaling table's shape.

    Every seed's value is a point; only batch sizes where every seed reached 100% enter
    (censored seeds give only lower bounds), and the row says how many that left.
    """
    complete = _complete(runs)
    factor = float(runs["lr_factor"].iloc[0])
    rows = []
    fitted, sizes = int(complete["batch_size"].nunique()), int(runs["batch_size"].nunique())
    for name, (column, predicted) in QUANTITIES.items():
        slope = loglog_slope(complete["batch_size"].tolist(), complete[column].tolist())
        quantity = f"{name}_to_interpolation"
        rows.append(slope_row(quantity, factor, 1.0, max_passes, slope, predicted, fitted, sizes))
    return pd.DataFrame(rows)


def plot_reached(runs: pd.DataFrame, max_passes: float, png: Path, pdf: Path) -> None:
    """Updates (left) and passes (right) to 100% training accuracy against B, log-log.

    Each seed is a dot, or an open triangle at the cap when it did not interpolate by then
    (censored); the mean and its 95% t-interval are drawn where every seed reached 100%,
    with the least-squares line through those seeds and its slope in the legend.
    """
    fig, _ = new_figure(11, 4.4)
    fig.clear()
    panels = fig.subplots(1, 2)
    sizes = sorted(runs["batch_size"].unique())
    for ax, (name, (column, predicted)) in zip(panels, QUANTITIES.items(), strict=True):
        _draw_seeds(ax, runs, column, max_passes)
        _draw_fit(ax, runs, column, predicted)
        log_axis(ax, "x", base=2)
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.set_xlim(min(sizes) / 1.5, max(sizes) * 1.5)
        log_axis(ax, "y")
        ax.set_xlabel(LABELS["batch_size"])
        ax.set_ylabel(f"{'SGD updates' if name == 'updates' else 'effective passes'} to 100%")
        title(ax, f"{name} to interpolation (section {3 if name == 'updates' else 4})")
        ax.legend(fontsize=7)
    # Imported here: the study's figures module loads seaborn, which the aggregation job
    # (it imports this module for reached_table) does not need.
    from sgdlab.studies.minibatch.figures import factor_label, model_name

    rate = factor_label(float(runs["lr_factor"].iloc[0]))
    fig.suptitle(
        f"{model_name(runs)} at {rate}, each seed trained until 100% training accuracy "
        f"(at most {max_passes:g} passes)",
        fontsize=11,
    )
    save(fig, png, pdf)


def _draw_seeds(ax: Axes, runs: pd.DataFrame, column: str, max_passes: float) -> None:
    """Seeds as dots (spread a little along B), censored ones as open triangles at the cap."""
    seeds = sorted(runs["seed"].unique())
    spread = {seed: 2 ** (0.06 * (i - (len(seeds) - 1) / 2)) for i, seed in enumerate(seeds)}
    x = runs["batch_size"] * runs["seed"].map(spread)
    reached = runs["reached"].astype(bool)
    import seaborn as sns  # only when drawing: the aggregation job imports this module too

    colour = sns.color_palette("colorblind")[0]
    ax.scatter(x[reached], runs.loc[reached, column], s=14, color=colour, alpha=0.5, label="seed")
    if (~reached).any():
        ax.scatter(
            x[~reached],
            runs.loc[~reached, column],
            marker="^",
            s=50,
            facecolors="none",
            edgecolors="firebrick",
            label=f"seed short of 100% at the cap ({max_passes:g} passes): censored",
        )
    stats = (
        _complete(runs)
        .groupby("batch_size")[column]
        .apply(lambda v: mean_interval(v.tolist(), bounds=POSITIVE))
    )
    if stats.empty:
        return
    means = np.array([s.estimate for s in stats])
    errors = [
        [s.estimate - s.low if s.n > 1 else 0 for s in stats],
        [s.high - s.estimate if s.n > 1 else 0 for s in stats],
    ]
    ax.errorbar(
        stats.index, means, yerr=errors, fmt="o", color="k", capsize=3, label="mean, 95% t-CI"
    )


def _draw_fit(ax: Axes, runs: pd.DataFrame, column: str, predicted: float) -> None:
    """The least-squares line of log value against log B through the fitted seeds."""
    complete = _complete(runs)
    slope: Interval = loglog_slope(complete["batch_size"].tolist(), complete[column].tolist())
    if math.isnan(slope.estimate):
        return
    lx, ly = (
        np.log(complete["batch_size"].to_numpy(float)),
        np.log(complete[column].to_numpy(float)),
    )
    intercept = ly.mean() - slope.estimate * lx.mean()
    sizes = np.array(sorted(complete["batch_size"].unique()), dtype=float)
    label = f"fit: slope {interval_text(slope.estimate, slope.low, slope.high)}"
    label += f" (linear scaling: {predicted:g})"
    ax.plot(sizes, np.exp(intercept) * sizes**slope.estimate, "k--", lw=1, label=label)
