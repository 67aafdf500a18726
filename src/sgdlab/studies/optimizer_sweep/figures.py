"""Optimizer sweep figure: test accuracy against passes, one line per optimizer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import LABELS, new_figure, save, title
from sgdlab.pipeline.statistics import t_errorbar
from sgdlab.studies.optimizer_sweep.tables import NAMES


def plot_optimizers(metrics: pd.DataFrame, best: dict[str, Any], png: Path, pdf: Path) -> None:
    """Question 12: test accuracy against passes, one line per optimizer at the best setting.

    The SGD line is the best grid run up to the best epoch count; with several seeds a line
    is the mean and the band its 95% t-interval.
    """
    is_best_sgd = (
        (metrics["optimizer"] == "sgd")
        & np.isclose(metrics["lr"], best["lr"])
        & (metrics["batch_size"] == best["batch_size"])
        & (metrics["passes"] <= best["epochs"] + 0.5 * _log_interval(metrics))
    )
    frame = metrics[is_best_sgd | (metrics["optimizer"] != "sgd")].copy()
    frame["label"] = [
        f"{NAMES[name]}, lr {lr:g}"
        for name, lr in zip(frame["optimizer"], frame["lr"], strict=True)
    ]
    fig, ax = new_figure()
    sns.lineplot(
        data=frame,
        x="passes",
        y="test_accuracy",
        hue="label",
        style="label",
        errorbar=t_errorbar if frame["seed"].nunique() > 1 else None,
        marker="o",
        ax=ax,
    )
    ax.set_xlabel(LABELS["passes"])
    ax.set_ylabel(LABELS["test_accuracy"])
    ax.legend(title=f"optimizer (B = {best['batch_size']})")
    title(ax, "LeNet on FashionMNIST: test accuracy per optimizer (003 question 12)")
    save(fig, png, pdf)


def _log_interval(metrics: pd.DataFrame) -> float:
    """Passes between two logged points of one run."""
    passes = np.sort(metrics["passes"].unique())
    return float(np.diff(passes).min()) if len(passes) > 1 else 1.0
