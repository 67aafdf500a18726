"""Figures of 001 section 2: learning curve (2.2), train/validation MSE (2.3), momentum (2.5)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import pandas as pd
import torch

from sgdlab.pipeline.plotting import log_axis, new_figure, save, title
from sgdlab.studies.linear_regression.training import Sets, least_squares, mse, split

MSE_LABEL = "mean squared error"


def _split_fit(x: torch.Tensor, y: torch.Tensor, random_state: int) -> tuple[Sets, torch.Tensor]:
    """The 80:10:10 split and the least-squares (slope, bias) of its training part."""
    sets = split(x, y, random_state)
    return sets, torch.tensor(least_squares(*sets["train"]), dtype=torch.float64)


def learning_curve(
    whole: pd.DataFrame, x: torch.Tensor, y: torch.Tensor, png: Path, pdf: Path
) -> None:
    """2.2: the minibatch loss of every update, beside the least-squares MSE of the whole set."""
    fig, ax = new_figure()
    ax.plot(whole["update"], whole["batch_loss"], lw=0.8, label="minibatch loss (SGD)")
    reference = mse(torch.tensor(least_squares(x, y), dtype=torch.float64), x, y)
    ax.axhline(reference, color="0.3", ls="--", lw=1, label="least squares, whole set")
    log_axis(ax, "y")
    ax.set_xlabel("parameter update")
    ax.set_ylabel(f"{MSE_LABEL} of the minibatch")
    title(ax, f"Learning curve, {int(whole['epoch'].max())} epochs from zero (001 §2.2)")
    ax.legend()
    save(fig, png, pdf)


def train_val_loss(
    epochs: pd.DataFrame, x: torch.Tensor, y: torch.Tensor, png: Path, pdf: Path, random_state: int
) -> None:
    """2.3-2.4: training and validation MSE after every epoch, the minima marked.

    An inset zooms on the last four fifths of the epochs on a linear axis, where the log
    axis of the whole run flattens both curves.
    """
    sets, fit = _split_fit(x, y, random_state)
    fig, ax = new_figure()
    zoom = ax.inset_axes((0.33, 0.3, 0.62, 0.38))
    tail = epochs[epochs["epoch"] > len(epochs) // 5]
    for name, colour in (("train", "C0"), ("validation", "C1")):
        column = f"{name}_mse"
        best = epochs.loc[epochs[column].idxmin()]
        reference = mse(fit, *sets[name])
        ax.plot(epochs["epoch"], epochs[column], color=colour, label=f"{name} MSE (whole set)")
        for axes in (ax, zoom):
            axes.plot(best["epoch"], best[column], "o", color=colour, mfc="none", ms=8)
            axes.axhline(reference, color=colour, ls=":", lw=1)
        zoom.plot(tail["epoch"], tail[column], color=colour)
        ax.plot(
            [], [], "o", color=colour, mfc="none", label=f"its minimum: epoch {int(best['epoch'])}"
        )
        ax.plot([], [], ":", color=colour, label=f"least squares (train fit) on {name}")
    log_axis(ax, "y")
    zoom.tick_params(labelsize=8)
    zoom.set_title("zoom, linear axis", fontsize=8)
    ax.set_xlabel("epoch (1 = after the first pass)")
    ax.set_ylabel(MSE_LABEL)
    title(ax, "Train and validation MSE per epoch (001 §2.3)")
    ax.legend(fontsize=7, ncols=2, loc="upper right")
    save(fig, png, pdf)


def momentum(
    runs: pd.DataFrame, x: torch.Tensor, y: torch.Tensor, png: Path, pdf: Path, random_state: int
) -> None:
    """2.5: training MSE per epoch, one line per μ in config order, viridis purple to green."""
    sets, fit = _split_fit(x, y, random_state)
    momenta = list(dict.fromkeys(runs["momentum"]))
    colours = mpl.colormaps["viridis"](
        [i / max(len(momenta) - 1, 1) * 0.85 for i in range(len(momenta))]
    )
    fig, ax = new_figure()
    for mu, colour in zip(momenta, colours, strict=True):
        run = runs[runs["momentum"] == mu]
        ax.plot(run["epoch"], run["train_mse"], color=colour, lw=1.5, label=f"μ = {mu:g}")
    ax.axhline(mse(fit, *sets["train"]), color="0.3", ls="--", lw=1, label="least squares")
    log_axis(ax, "y")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"training {MSE_LABEL} (whole training set)")
    title(ax, "SGD with momentum, one line per μ (001 §2.5)")
    ax.legend(title="momentum", loc="upper left", bbox_to_anchor=(1.01, 1))
    save(fig, png, pdf)


# Figure name (sgdlab.studies.linear_regression.FIGURES) -> the function that draws it from
# its experiment's metrics, X, y, the output paths and its settings (the split's
# random_state for the figures of runs on the split).
PLOTS: dict[str, Callable[..., None]] = {
    plot.__name__: plot for plot in (learning_curve, train_val_loss, momentum)
}
