"""Figures of 001 section 2: learning curve (2.2), train/validation MSE (2.3), momentum (2.5).

2.5 has two: the config's momentum values as one figure, and every candidate list of the
question as small multiples.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch

from sgdlab.pipeline.plotting import apply_style, log_axis, new_figure, save, title
from sgdlab.studies.linear_regression.candidates import behaviour, candidate_text
from sgdlab.studies.linear_regression.training import Sets, least_squares, mse, split

MSE_LABEL = "mean squared error"


@dataclass(frozen=True)
class Points:
    """The generated points (x, y) of 001 §2, whose least-squares levels the figures draw."""

    x: torch.Tensor
    y: torch.Tensor

    def split_fit(self, random_state: int) -> tuple[Sets, torch.Tensor]:
        """The 80:10:10 split and the least-squares (slope, bias) of its training part."""
        sets = split(self.x, self.y, random_state)
        return sets, torch.tensor(least_squares(*sets["train"]), dtype=torch.float64)


def learning_curve(whole: pd.DataFrame, points: Points, png: Path, pdf: Path) -> None:
    """2.2: the minibatch loss of every update, beside the least-squares MSE of the whole set."""
    fig, ax = new_figure()
    ax.plot(whole["update"], whole["batch_loss"], lw=0.8, label="minibatch loss (SGD)")
    x, y = points.x, points.y
    reference = mse(torch.tensor(least_squares(x, y), dtype=torch.float64), x, y)
    ax.axhline(reference, color="0.3", ls="--", lw=1, label="least squares, whole set")
    log_axis(ax, "y")
    ax.set_xlabel("parameter update")
    ax.set_ylabel(f"{MSE_LABEL} of the minibatch")
    title(ax, f"Learning curve, {int(whole['epoch'].max())} epochs from zero (001 §2.2)")
    ax.legend()
    save(fig, png, pdf)


def train_val_loss(
    epochs: pd.DataFrame, points: Points, png: Path, pdf: Path, random_state: int
) -> None:
    """2.3-2.4: training and validation MSE after every epoch, the minima marked.

    An inset zooms on the last four fifths of the epochs on a linear axis, where the log
    axis of the whole run flattens both curves.
    """
    sets, fit = points.split_fit(random_state)
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


def _purple_to_green(count: int) -> np.ndarray:
    """Viridis colours from purple to light green, one per curve in list order."""
    return mpl.colormaps["viridis"]([i / max(count - 1, 1) * 0.85 for i in range(count)])


def momentum(
    runs: pd.DataFrame,
    points: Points,
    png: Path,
    pdf: Path,
    random_state: int,
    momenta: Sequence[float],
) -> None:
    """2.5: training MSE per epoch, one line per μ of ``momenta`` in order, purple to green."""
    sets, fit = points.split_fit(random_state)
    fig, ax = new_figure()
    for mu, colour in zip(momenta, _purple_to_green(len(momenta)), strict=True):
        run = runs[runs["momentum"] == mu]
        ax.plot(run["epoch"], run["train_mse"], color=colour, lw=1.5, label=f"μ = {mu:g}")
    ax.axhline(mse(fit, *sets["train"]), color="0.3", ls="--", lw=1, label="least squares")
    log_axis(ax, "y")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"training {MSE_LABEL} (whole training set)")
    title(ax, "SGD with momentum, one line per μ (001 §2.5)")
    ax.legend(title="momentum", loc="upper left", bbox_to_anchor=(1.01, 1))
    save(fig, png, pdf)


def momentum_candidates(
    runs: pd.DataFrame,
    points: Points,
    png: Path,
    pdf: Path,
    random_state: int,
    candidates: Sequence[Sequence[float]],
) -> None:
    """2.5: one panel per candidate list of μ, the same runs and axes, purple to light green.

    The y axis spans the runs that stay bounded, with room for the legends above them; a
    diverging run leaves the panel at the top (its legend entry says so).
    """
    sets, fit = points.split_fit(random_state)
    found = {mu: behaviour(mu, run["train_mse"]) for mu, run in runs.groupby("momentum")}
    bounded = runs[runs["momentum"].map(lambda mu: found[mu].kind != "diverges")]["train_mse"]
    columns = math.ceil(len(candidates) / 2)
    apply_style()
    fig, axes = plt.subplots(
        2, columns, figsize=(4.2 * columns, 7.4), layout="constrained", sharex=True, sharey=True
    )
    for ax, candidate in zip(axes.flat, candidates, strict=False):
        ran = [found[float(mu)] for mu in candidate]
        for b, colour in zip(ran, _purple_to_green(len(candidate)), strict=True):
            run = runs[runs["momentum"] == b.momentum]
            kind = f"{b.kind} (off the top)" if b.kind == "diverges" else b.kind
            label = f"μ = {b.momentum:g}: {kind}"
            ax.plot(run["epoch"], run["train_mse"], color=colour, lw=1.5, label=label)
        ax.axhline(mse(fit, *sets["train"]), color="0.3", ls="--", lw=1)
        ruled_out = any(b.kind == "diverges" for b in ran)
        ax.set_title(
            f"{candidate_text(candidate)}: {'ruled out' if ruled_out else 'consistent'}",
            fontsize=10,
            color="#B22222" if ruled_out else "black",
        )
        ax.legend(fontsize=7, loc="upper right")
    for ax in axes.flat[len(candidates) :]:
        ax.set_visible(False)
    # Head room above the bounded runs for the legends.
    axes[0, 0].set_ylim(0.8 * bounded.min(), 30 * bounded.max())
    log_axis(axes[0, 0], "y")
    for ax in axes[-1]:
        ax.set_xlabel("epoch")
    for ax in axes[:, 0]:
        ax.set_ylabel(f"training {MSE_LABEL}")
    fig.suptitle(
        "001 §2.5: each candidate list of μ trained with the same settings (dashed: least squares)",
        fontsize=12,
    )
    save(fig, png, pdf)


# Figure name (sgdlab.studies.linear_regression.FIGURES) -> the function that draws it from
# its experiment's metrics, the points, the output paths and its settings (the split's
# random_state for the figures of runs on the split).
PLOTS: dict[str, Callable[..., None]] = {
    plot.__name__: plot for plot in (learning_curve, train_val_loss, momentum, momentum_candidates)
}
