"""Averaged SGD figure: the 2x2 grid of trained against averaged weights."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import LABELS, METRICS, new_figure, save, seed_lines, title
from sgdlab.studies.averaged_sgd.tables import NETWORKS, WEIGHTS, long_metrics


def network_labels(metrics: pd.DataFrame) -> dict[str, str]:
    """Each network's legend label with its training rate: the mean over seeds of η*/2."""
    rates = metrics.groupby("activation")["lr"].agg(["mean", "min", "max"])
    labels = {}
    for activation, name in NETWORKS.items():
        if activation not in rates.index:
            continue
        rate = rates.loc[activation]
        spread = f"; seeds {rate['min']:.2g}-{rate['max']:.2g}" if rate["max"] > rate["min"] else ""
        labels[activation] = f"{name}: lr {rate['mean']:.2g} (mean{spread})"
    return labels


def plot_grid(metrics: pd.DataFrame, skip_passes: float, png: Path, pdf: Path) -> None:
    """The 2x2 figure: train/test loss/accuracy against passes, trained vs averaged weights.

    Colour is the network, line style the weights; points before ``skip_passes`` are left
    out, as the document asks (the early loss is large and would drown the rest). With
    several seeds, the line is the mean (losses: geometric) and the band its 95% t-interval
    (accuracies clipped to [0, 1], losses from the log). The legend, below the panels,
    gives each network's training rate.
    """
    frame = long_metrics(metrics)
    frame = frame[frame["passes"] >= skip_passes - 1e-9].copy()
    labels = network_labels(metrics)
    frame["network"] = frame["activation"].map(labels)
    fig, _ = new_figure(11, 8.6)
    fig.clear()
    grid = fig.subplots(2, 2)
    order = [labels[a] for a in NETWORKS if a in labels]
    palette = dict(zip(order, sns.color_palette("colorblind", len(order)), strict=True))
    several = frame["seed"].nunique() > 1
    for ax, metric in zip(grid.flat, METRICS, strict=True):
        seed_lines(
            ax,
            frame,
            "passes",
            metric,
            band=several,
            hue="network",
            style="weights",
            palette=palette,
            hue_order=order,
            style_order=list(WEIGHTS.values()),
        )
        ax.set_xlabel(LABELS["passes"])
        ax.set_ylabel(LABELS[metric])
        title(ax, LABELS[metric].split(" (")[0])
        handles, names = ax.get_legend_handles_labels()
        ax.get_legend().remove()
    fig.legend(handles, names, loc="outside lower center", ncols=2, fontsize=9)
    fig.suptitle(
        f"Averaged SGD (002 part 3), B = 8, each seed at its own η*/2, from pass {skip_passes:g} on"
    )
    save(fig, png, pdf)
