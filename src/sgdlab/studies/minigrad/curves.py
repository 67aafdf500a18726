"""003 questions 9-10's figures: curves at each variant's tuned rate, and the tuning walk.

``plot_curves`` draws small multiples, one panel per (variant, data set): the variant in
colour against the baseline in grey, test accuracy per epoch at each one's own rate, mean
over seeds with a 95% t-band clipped to [0, 1] (``line_statistics``). ``plot_lr_grid``
draws, per data set, the mean final validation accuracy of the tuning seeds at every rate
the walk tried, the chosen rate outlined.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

from sgdlab.pipeline.plotting import new_figure, save, seed_lines, title

DATASET_TITLES = {"synthetic": "synthetic two-class set", "fashion": "FashionMNIST subsample"}
BASELINE_COLOUR = "0.45"
VARIANT_COLOUR = sns.color_palette("colorblind")[0]
# The heat map's colours span accuracies this far below a row's best (the rest saturate).
GRID_RANGE = 0.05


def _datasets(metrics: pd.DataFrame) -> list[str]:
    return [d for d in DATASET_TITLES if d in set(metrics["dataset"])]


def _curve(ax: plt.Axes, runs: pd.DataFrame, colour: object, label: str) -> None:
    """Test accuracy per epoch (from epoch 1): mean over seeds and its clipped t-band."""
    seed_lines(ax, runs[runs["epoch"] >= 1], "epoch", "test_accuracy", color=colour, label=label)


def plot_curves(
    metrics: pd.DataFrame, variants: list[str], baseline: str, png: Path, pdf: Path, heading: str
) -> None:
    """One panel per (variant other than the baseline, data set), rows by variant."""
    chosen = metrics[metrics["selected"]]
    # Each other variant against the baseline; a group of the baseline alone draws it alone.
    others = [v for v in variants if v != baseline] or [baseline]
    datasets = _datasets(chosen)
    fig, _ = new_figure(5.2 * len(datasets), 0.6 + 2.9 * len(others))
    fig.clf()
    axes = fig.subplots(len(others), len(datasets), squeeze=False)
    for row, variant in enumerate(others):
        for ax, dataset in zip(axes[row], datasets, strict=True):
            part = chosen[chosen["dataset"] == dataset]
            for name, colour in dict(
                ((baseline, BASELINE_COLOUR), (variant, VARIANT_COLOUR))
            ).items():
                runs = part[part["variant"] == name]
                _curve(ax, runs, colour, f"{name} (lr {runs['lr'].iloc[0]:.3g})")
            ax.set_xlabel("epoch" if row == len(others) - 1 else "")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_ylabel("test accuracy")
            ax.legend(fontsize=8, loc="lower right")
            versus = f" vs {baseline}" if variant != baseline else ""
            title(ax, f"{variant}{versus}, {DATASET_TITLES[dataset]}")
    fig.suptitle(heading, fontsize=12)
    save(fig, png, pdf)


def tuning_scores(metrics: pd.DataFrame) -> pd.DataFrame:
    """Mean final validation accuracy of the tuning seeds at every rate tried, per variant."""
    last = metrics[
        metrics["epoch"] == metrics.groupby(["dataset", "variant"])["epoch"].transform("max")
    ]
    return (
        last[last["tuning"]]
        .groupby(["dataset", "variant", "lr"], sort=False)
        .agg(
            val_accuracy=("val_accuracy", "mean"),
            selected=("selected", "first"),
            seeds=("seed", "nunique"),
        )
        .reset_index()
    )


def plot_lr_grid(metrics: pd.DataFrame, variants: list[str], png: Path, pdf: Path) -> None:
    """Per data set, a heat map: variants by rates tried, cells the tuning score, choice boxed."""
    scores = tuning_scores(metrics)
    datasets = _datasets(scores)
    fig, _ = new_figure(6.5 * len(datasets), 1.4 + 0.55 * len(variants))
    fig.clf()
    axes = fig.subplots(1, len(datasets), squeeze=False)[0]
    for ax, dataset in zip(axes, datasets, strict=True):
        part = scores[scores["dataset"] == dataset]
        grid = part.pivot(index="variant", columns="lr", values="val_accuracy").reindex(variants)
        # Colour: how far each cell lies below its row's best (the choice is made per row).
        below = grid.sub(grid.max(axis=1), axis=0)
        sns.heatmap(
            below,
            ax=ax,
            annot=grid,
            fmt=".3f",
            cmap="viridis",
            vmin=-GRID_RANGE,
            vmax=0.0,
            cbar_kws={"label": "below the row's best (accuracy)"},
            annot_kws={"fontsize": 8},
        )
        ax.grid(False)
        ax.set_xticklabels([f"{lr:.3g}" for lr in grid.columns], rotation=0, fontsize=8)
        ax.set_xlabel("learning rate")
        ax.set_ylabel("")
        for _, cell in part[part["selected"]].iterrows():
            y, x = variants.index(cell["variant"]), list(grid.columns).index(cell["lr"])
            ax.add_patch(plt.Rectangle((x, y), 1, 1, fill=False, edgecolor="red", lw=2.5))
        seeds = int(part["seeds"].min())
        title(ax, f"{DATASET_TITLES[dataset]}: mean of {seeds} tuning seed(s)")
    fig.suptitle(
        "final validation accuracy at each rate tried (red: chosen; blank: not tried)", fontsize=12
    )
    save(fig, png, pdf)
