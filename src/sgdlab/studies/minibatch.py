"""Minibatch study (000_c9208c5f745f8f12.txt, sections 3 and 4): tables and figures.

Every batch size B trains at half its own divergent learning rate for 50n/B updates; the
same runs answer section 3 (x = updates) and section 4 (x = effective passes).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns

from sgdlab.pipeline.metrics_tables import first_interpolation, first_reaching
from sgdlab.pipeline.plotting import LABELS, log_axis, new_figure, save, title
from sgdlab.pipeline.statistics import Interval, loglog_slope, mean_interval, t_errorbar

KEYS = ("batch_size", "seed")
AXES = ("updates", "passes")
X_COLUMN = {"updates": "update", "passes": "passes"}


def interpolation_table(metrics: pd.DataFrame, searches: Mapping[int, dict]) -> pd.DataFrame:
    """Per batch size and seed: rates, first update and pass at 100% training accuracy."""
    table = first_interpolation(metrics, (*KEYS, "model"))
    table.insert(2, "divergent_lr", table["batch_size"].map(lambda b: searches[b]["divergent_lr"]))
    table.insert(3, "train_lr", table["batch_size"].map(lambda b: searches[b]["train_lr"]))
    return table


def _model_name(frame: pd.DataFrame) -> str:
    """Readable model name from the table's ``model`` column: mlp-64 -> MLP(64)."""
    name, *hidden = str(frame["model"].iloc[0]).split("-")
    return f"{name.upper()}({', '.join(hidden)})" if hidden else name.upper()


def _batch_palette(batch_sizes: list[int]) -> dict[int, tuple]:
    return dict(zip(batch_sizes, sns.color_palette("viridis", len(batch_sizes)), strict=True))


def plot_curve(metrics: pd.DataFrame, metric: str, axis: str, png: Path, pdf: Path) -> None:
    """One metric against updates (section 3) or passes (section 4), one line per B.

    With several seeds the line is the mean and the band its 95% t-interval. The
    updates axis is logarithmic: B = 1 makes 16 times as many updates as B = 16, and a
    linear axis would squeeze every larger batch into its left sixteenth.
    """
    x = X_COLUMN[axis]
    frame = metrics[metrics[x] > 0] if axis == "updates" else metrics
    sizes = sorted(frame["batch_size"].unique())
    fig, ax = new_figure()
    sns.lineplot(
        data=frame,
        x=x,
        y=metric,
        hue="batch_size",
        palette=_batch_palette(sizes),
        errorbar=t_errorbar,
        ax=ax,
    )
    if axis == "updates":
        log_axis(ax, "x")
    if metric.endswith("loss"):
        log_axis(ax, "y")
    ax.set_xlabel(LABELS[x])
    ax.set_ylabel(LABELS[metric])
    section = "section 3" if axis == "updates" else "section 4"
    model = _model_name(metrics)
    title(ax, f"{model}, each B at η*_B / 2: {LABELS[metric].split(' (')[0]} ({section})")
    ax.legend(title="batch size B")
    save(fig, png, pdf)


def threshold_table(metrics: pd.DataFrame, thresholds: Sequence[float]) -> pd.DataFrame:
    """Per batch size, seed and training-accuracy threshold: first update and pass, or a bound."""
    return first_reaching(metrics, (*KEYS, "model"), thresholds)


def _threshold_label(threshold: float) -> str:
    return f"{100 * threshold:g}%"


def scaling_table(thresholds: pd.DataFrame, searches: Mapping[int, dict]) -> pd.DataFrame:
    """Log-log slopes against B with 95% t-intervals: eta*_B, and updates to each threshold.

    Linear scaling predicts slope +1 for eta*_B and -1 for updates (below a critical batch
    size). A threshold enters the fit only at batch sizes where every seed reached it, since
    censored runs give only lower bounds; the row says how many batch sizes that left.
    """
    sizes = sorted(searches)
    rates = loglog_slope(sizes, [searches[b]["divergent_lr"] for b in sizes])
    rows = [_slope_row("divergent_lr", math.nan, rates, 1.0, len(sizes))]
    for threshold, group in thresholds.groupby("threshold", sort=True):
        complete = group.groupby("batch_size").filter(lambda g: bool(g["reached"].all()))
        means = complete.groupby("batch_size")["update"].mean()
        slope = loglog_slope(means.index.tolist(), means.tolist())
        rows.append(_slope_row("updates_to_threshold", threshold, slope, -1.0, len(sizes)))
    return pd.DataFrame(rows)


def _slope_row(
    quantity: str, threshold: float, slope: Interval, predicted: float, batch_sizes: int
) -> dict:
    return {
        "quantity": quantity,
        "threshold": threshold,
        "slope": slope.estimate,
        "ci_low": slope.low,
        "ci_high": slope.high,
        "batch_sizes_fitted": slope.n,
        "batch_sizes": batch_sizes,
        "linear_scaling_slope": predicted,
    }


def plot_to_threshold(
    table: pd.DataFrame, scaling: pd.DataFrame, axis: str, png: Path, pdf: Path
) -> None:
    """Updates or passes to each training-accuracy threshold against B, mean and 95% t-CI.

    Runs that never reached a threshold are censored: open triangles at their budget, a
    lower bound. The legend gives each threshold's fitted log-log slope (updates only).
    """
    column = "update" if axis == "updates" else "passes"
    sizes = sorted(table["batch_size"].unique())
    thresholds = sorted(table["threshold"].unique())
    palette = dict(zip(thresholds, sns.color_palette("colorblind", len(thresholds)), strict=True))
    fig, ax = new_figure()
    for position, threshold in enumerate(thresholds):
        # Thresholds side by side at each B (a small shift on the log axis), so that runs
        # censored at the same budget do not hide one another.
        shift = 2 ** (0.08 * (position - (len(thresholds) - 1) / 2))
        group = table[table["threshold"] == threshold]
        done = group[group["reached"]]
        label = f"training accuracy {_threshold_label(threshold)}"
        if axis == "updates":
            fit = scaling[
                (scaling["quantity"] == "updates_to_threshold")
                & (scaling["threshold"] == threshold)
            ]
            if not fit.empty and not math.isnan(fit["slope"].iloc[0]):
                row = fit.iloc[0]
                label += f": slope {row['slope']:.2f}"
                if not math.isnan(row["ci_low"]):
                    label += f" [{row['ci_low']:.2f}, {row['ci_high']:.2f}]"
        if not done.empty:
            stats = done.groupby("batch_size")[column].apply(lambda v: mean_interval(v.tolist()))
            means = [s.estimate for s in stats]
            errors = [
                [s.estimate - s.low if s.n > 1 else 0 for s in stats],
                [s.high - s.estimate if s.n > 1 else 0 for s in stats],
            ]
            ax.errorbar(
                stats.index * shift,
                means,
                yerr=errors,
                marker="o",
                capsize=3,
                color=palette[threshold],
                label=label,
            )
        censored = group[~group["reached"]]
        if not censored.empty:
            ax.scatter(
                censored["batch_size"] * shift,
                censored[column],
                marker="^",
                s=70,
                facecolors="none",
                edgecolors=palette[threshold],
                zorder=3,
                label=f"{_threshold_label(threshold)} not reached: budget (lower bound)",
            )
    log_axis(ax, "x", base=2)
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlim(min(sizes) / 1.4, max(sizes) * 1.4)
    if axis == "updates":
        log_axis(ax, "y")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel(LABELS["batch_size"])
    ax.set_ylabel(f"{'SGD updates' if axis == 'updates' else 'effective passes'} to reach it")
    section = "section 3" if axis == "updates" else "section 4"
    title(ax, f"When does {_model_name(table)} reach each training accuracy? ({section})")
    ax.legend(fontsize=7)
    save(fig, png, pdf)


def plot_divergent_lr(searches: Mapping[int, dict], png: Path, pdf: Path) -> None:
    """Divergent rate eta*_B and the training rate against B, log-log, probes shown."""
    sizes = sorted(searches)
    probes = pd.DataFrame([{"batch_size": b, **p} for b in sizes for p in searches[b]["probes"]])
    probes["outcome"] = np.where(probes["diverged"], "probe diverged", "probe stable")
    fig, ax = new_figure()
    sns.scatterplot(
        data=probes,
        x="batch_size",
        y="lr",
        hue="outcome",
        style="outcome",
        palette={"probe diverged": "firebrick", "probe stable": "seagreen"},
        markers={"probe diverged": "X", "probe stable": "o"},
        alpha=0.6,
        ax=ax,
    )
    ax.plot(sizes, [searches[b]["divergent_lr"] for b in sizes], "k-", label="divergent rate η*_B")
    ax.plot(sizes, [searches[b]["train_lr"] for b in sizes], "k--", label="training rate η*_B / 2")
    log_axis(ax, "x", base=2)
    log_axis(ax, "y")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlabel(LABELS["batch_size"])
    ax.set_ylabel("learning rate")
    model = _model_name(pd.DataFrame({"model": [searches[sizes[0]]["model"]]}))
    title(ax, f"Divergent learning rate per batch size ({model}, section 3)")
    ax.legend(fontsize=8)
    save(fig, png, pdf)
