"""Optimizer sweep figures: the plain-SGD grid, and the four optimizers at their chosen rates.

``plot_grid`` draws question 11's grid (validation accuracy against epochs, one line per
rate, one panel per batch size); ``plot_final`` each optimizer's final test accuracy with
its 95% interval; ``plot_curves`` the test-accuracy curves on an axis zoomed to them.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from sgdlab.pipeline.plotting import LABELS, new_figure, new_panels, save, seed_lines, title
from sgdlab.studies.optimizer_sweep.selection import SCORE, read_at_epochs

MARKERS = {"best": ("*", 16, "best"), "chosen": ("o", 13, "chosen for question 12")}


def _floor(values: pd.Series, margin: float = 0.01) -> float:
    """A lower axis limit a little below ``values``, on a 0.01 step."""
    return max(0.0, math.floor((float(values.min()) - margin) * 100) / 100)


def plot_grid(grid: pd.DataFrame, png: Path, pdf: Path) -> None:
    """Question 11: validation accuracy against epochs, one colour per rate, a panel per B.

    Lines are the score that chooses (mean over seeds and three consecutive epochs), points
    the mean over seeds at each epoch. The dashed line is one standard error below the
    best; cells on or above it are within noise of the best. The axis starts five standard
    errors below the best, so the flat top stays readable; the legend gives each rate's
    peak score, also for rates whose line stays below the axis.
    """
    batch_sizes = sorted(grid["batch_size"].unique())
    fig, axes = new_panels(len(batch_sizes), width=4.4, height=4.6)
    best = grid[grid["best"]].iloc[0]
    floor = best[SCORE] - best["validation_se"]
    for ax, batch_size in zip(axes, batch_sizes, strict=True):
        cells = grid[grid["batch_size"] == batch_size].copy()
        peaks = cells.groupby("lr")[SCORE].max()
        cells["rate"] = [f"lr {lr:g} (peak {peaks[lr]:.3f})" for lr in cells["lr"]]
        sns.lineplot(data=cells, x="epochs", y=SCORE, hue="rate", ax=ax)
        sns.scatterplot(
            data=cells, x="epochs", y="validation_accuracy", hue="rate", s=12, legend=False, ax=ax
        )
        for column, (marker, size, label) in MARKERS.items():
            marked = cells[cells[column]]
            ax.plot(
                marked["epochs"],
                marked[SCORE],
                marker=marker,
                markersize=size,
                markerfacecolor="none",
                markeredgecolor="black",
                linestyle="none",
                label=label,
            )
        ax.axhline(floor, color="grey", linestyle="--", linewidth=1, label="best - 1 SE")
        ax.set_ylim(_floor(pd.Series([best[SCORE] - 5 * best["validation_se"]])), None)
        ax.set_xlabel("epochs")
        ax.set_ylabel("validation accuracy")
        ax.legend(fontsize=8, loc="lower right")
        title(ax, f"B = {batch_size}")
    fig.suptitle(
        "LeNet, plain SGD: validation accuracy over lr x B x epochs (003 q11); "
        "lines: mean of 3 epochs, points: each epoch"
    )
    save(fig, png, pdf)


def plot_final(table: pd.DataFrame, final: pd.DataFrame, png: Path, pdf: Path) -> None:
    """Question 12: each optimizer's test accuracy at its chosen settings, mean and 95% CI.

    Points are the seeds; the bar is the interval (clipped to [0, 1]).
    """
    fig, ax = new_figure(6.4, 4.2)
    for x, row in enumerate(table.itertuples()):
        runs = final[final["optimizer"] == row.optimizer]
        seeds = read_at_epochs(runs, [row.epochs])["test_accuracy"]
        ax.plot(np.full(len(seeds), x + 0.15), seeds, ".", color="grey", alpha=0.7)
        error = [
            [row.test_accuracy - row.test_accuracy_ci_low],
            [row.test_accuracy_ci_high - row.test_accuracy],
        ]
        ax.errorbar(x, row.test_accuracy, yerr=error, fmt="o", color=f"C{x}", capsize=6)
    labels = [f"{r.optimizer_name}\nlr {r.lr:g}" for r in table.itertuples()]
    ax.set_xticks(range(len(table)), labels)
    ax.set_xlim(-0.5, len(table) - 0.5)
    ax.set_ylabel(f"{LABELS['test_accuracy']} after the chosen epochs")
    first = table.iloc[0]
    title(
        ax,
        f"LeNet on FashionMNIST, B = {first['batch_size']}, {first['epochs']} epochs: "
        "final test accuracy (003 q12)",
    )
    save(fig, png, pdf)


def _paired_to_sgd(rows: pd.DataFrame) -> pd.DataFrame:
    """Each optimizer's test accuracy minus plain SGD's of the same seed and epoch.

    A seed fixes the initial weights and the order of the minibatches for every optimizer,
    so the difference pairs runs that differ in the optimizer only.
    """
    sgd = rows[rows["optimizer"] == "sgd"].set_index(["seed", "epochs"])["test_accuracy"]
    others = rows[rows["optimizer"] != "sgd"].copy()
    paired = sgd.reindex(pd.MultiIndex.from_frame(others[["seed", "epochs"]])).to_numpy()
    others["difference"] = others["test_accuracy"].to_numpy() - paired
    return others


def _lines(ax: Axes, frame: pd.DataFrame, y: str, order: list[str], palette: dict) -> None:
    """One line per optimizer label of ``frame``: mean of ``y`` over seeds with its 95% band."""
    seed_lines(
        ax,
        frame,
        "epochs",
        y,
        hue="label",
        hue_order=order,
        palette=palette,
        marker="o",
        markersize=4,
    )


def plot_curves(table: pd.DataFrame, final: pd.DataFrame, png: Path, pdf: Path) -> None:
    """Question 12: test accuracy per epoch per optimizer, and its difference to plain SGD.

    Left: mean and 95% band (clipped to [0, 1]) of each optimizer's test accuracy, on an
    axis fitted to the second half of training (earlier epochs may start below it).
    Right: the paired difference to plain SGD (same seed, same epoch) with its 95% band.
    """
    epochs = int(table["epochs"].max())
    rows = read_at_epochs(final, range(1, epochs + 1))
    labels = {r.optimizer: f"{r.optimizer_name}, lr {r.lr:g}" for r in table.itertuples()}
    rows["label"] = rows["optimizer"].map(labels)
    order = list(labels.values())
    palette = dict(zip(order, sns.color_palette("colorblind", len(order)), strict=True))
    fig, axes = new_panels(2, width=4.8, height=4.4, sharey=False)
    _lines(axes[0], rows, "test_accuracy", order, palette)
    late = rows[rows["epochs"] >= max(1, epochs // 2)]
    axes[0].set_ylim(_floor(late.groupby(["optimizer", "epochs"])["test_accuracy"].mean()), None)
    axes[0].set_ylabel(LABELS["test_accuracy"])
    others = [label for label in order if label != labels.get("sgd")]
    _lines(axes[1], _paired_to_sgd(rows), "difference", others, palette)
    axes[1].axhline(0.0, color=palette.get(labels.get("sgd"), "black"), linewidth=1.5)
    axes[1].set_ylabel("test accuracy minus plain SGD's")
    handles, names = axes[0].get_legend_handles_labels()
    texts = ("test accuracy", "difference to plain SGD, paired by seed")
    for ax, text in zip(axes, texts, strict=True):
        ax.set_xlabel("epochs")
        ax.get_legend().remove()
        title(ax, text)
    legend_title = f"B = {table['batch_size'].iloc[0]}, {epochs} epochs"
    fig.legend(
        handles, names, loc="outside lower center", ncol=len(names), fontsize=9, title=legend_title
    )
    seeds = rows["seed"].nunique()
    fig.suptitle(f"LeNet: each optimizer at its tuned rate, {seeds} seeds (003 q12)")
    save(fig, png, pdf)
