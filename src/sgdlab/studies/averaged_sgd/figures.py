"""Averaged SGD figure: the 2x2 grid of trained against averaged weights."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import LABELS, METRICS, new_figure, save, title
from sgdlab.pipeline.statistics import t_errorbar
from sgdlab.studies.averaged_sgd.tables import NETWORKS, WEIGHTS, long_metrics


def plot_grid(metrics: pd.DataFrame, skip_passes: float, png: Path, pdf: Path) -> None:
    """The 2x2 figure: train/test loss/accuracy against passes, trained vs averaged weights.

    Colour is the network, line style the weights; points before ``skip_passes`` are left
    out, as the document asks (the early loss is large and would drown the rest). With
    several seeds, the line is the mean and the band its 95% t-interval.
    """
    frame = long_metrics(metrics)
    frame = frame[frame["passes"] >= skip_passes - 1e-9].copy()
    frame["network"] = frame["activation"].map(NETWORKS)
    fig, _ = new_figure(11, 8)
    fig.clear()
    grid = fig.subplots(2, 2)
    palette = dict(zip(NETWORKS.values(), sns.color_palette("colorblind", 2), strict=True))
    for ax, metric in zip(grid.flat, METRICS, strict=True):
        sns.lineplot(
            data=frame,
            x="passes",
            y=metric,
            hue="network",
            style="weights",
            palette=palette,
            hue_order=list(NETWORKS.values()),
            style_order=list(WEIGHTS.values()),
            errorbar=t_errorbar if frame["seed"].nunique() > 1 else None,
            ax=ax,
        )
        ax.set_xlabel(LABELS["passes"])
        ax.set_ylabel(LABELS[metric])
        title(ax, LABELS[metric].split(" (")[0])
        if metric != METRICS[0]:
            ax.get_legend().remove()
    fig.suptitle(f"Averaged SGD (002 part 3), B = 8, η*/2, from pass {skip_passes:g} on")
    save(fig, png, pdf)
