"""Minibatch study (000_c9208c5f745f8f12.txt, sections 3 and 4): tables and figures.

Every batch size B trains at half its own divergent learning rate for 50n/B updates; the
same runs answer section 3 (x = updates) and section 4 (x = effective passes).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns

from sgdlab.pipeline.metrics_tables import first_interpolation
from sgdlab.pipeline.plotting import LABELS, log_axis, new_figure, save, title

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

    With several seeds the line is the mean and the band its 95% bootstrap interval. The
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
        errorbar=("ci", 95),
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


def plot_to_interpolation(table: pd.DataFrame, axis: str, png: Path, pdf: Path) -> None:
    """Updates or passes needed to reach 100% training accuracy, against B.

    Seeds are points and their mean a line. A run that never interpolated is censored: it
    is drawn as an open triangle at its budget, a lower bound on what it would need.
    """
    unit = "update" if axis == "updates" else "passes"
    column, budget = f"interpolation_{unit}", f"final_{unit}"
    sizes = sorted(table["batch_size"].unique())
    done = table[table["interpolated"]].astype({column: float})
    censored = table[~table["interpolated"]]
    fig, ax = new_figure()
    if not done.empty:
        means = done.groupby("batch_size")[column].mean()
        ax.plot(means.index, means.values, color="0.3", zorder=1, label="mean over seeds")
        ax.scatter(done["batch_size"], done[column], s=45, zorder=2, label="seed interpolated")
    if not censored.empty:
        ax.scatter(
            censored["batch_size"],
            censored[budget],
            marker="^",
            s=70,
            facecolors="none",
            edgecolors="firebrick",
            zorder=2,
            label="not interpolated: needs more than its budget",
        )
    log_axis(ax, "x", base=2)
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlim(min(sizes) / 1.4, max(sizes) * 1.4)
    if axis == "updates":
        log_axis(ax, "y")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel(LABELS["batch_size"])
    ax.set_ylabel(
        f"{'updates' if axis == 'updates' else 'effective passes'} to 100% training accuracy"
    )
    section = "section 3" if axis == "updates" else "section 4"
    title(ax, f"When does {_model_name(table)} interpolate the training data? ({section})")
    ax.legend(fontsize=8)
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
