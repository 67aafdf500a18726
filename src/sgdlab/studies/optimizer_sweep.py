"""Optimizer sweep (003_60588305cd3a2728.txt, questions 11-12): LeNet on FashionMNIST.

Question 11 asks for the best accuracy over learning rate, batch size and epochs: a grid
of plain-SGD runs, each trained for the largest epoch count and read at every smaller one
(a run stopped after E passes computes exactly the first E passes of a longer one: there
is no schedule). Question 12 asks for other optimizers: the best setting's batch size and
epochs with SGD + momentum, Adam and AdamW, each at its own configured learning rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import LABELS, new_figure, save, title
from sgdlab.pipeline.statistics import mean_interval, t_errorbar

SETTING = ["optimizer", "lr", "batch_size", "epochs"]
NAMES = {"sgd": "SGD", "momentum": "SGD + momentum", "adam": "Adam", "adamw": "AdamW"}


def _at_epochs(metrics: pd.DataFrame, epochs: int) -> pd.DataFrame:
    """Per run, the logged row nearest to ``epochs`` passes (B need not divide n)."""
    distance = (metrics["passes"] - epochs).abs()
    nearest = metrics.assign(distance=distance).sort_values("distance", kind="stable")
    rows = nearest.groupby(["optimizer", "lr", "batch_size", "seed"], sort=False).head(1)
    return rows.drop(columns="distance").assign(epochs=epochs)


def _summarize(rows: pd.DataFrame) -> pd.DataFrame:
    """Mean, sd and 95% t-interval over seeds of test accuracy, mean training accuracy, n."""
    grouped = rows.groupby(SETTING, sort=False)
    table = grouped.agg(
        passes=("passes", "max"),
        test_accuracy=("test_accuracy", "mean"),
        test_accuracy_sd=("test_accuracy", lambda v: v.std(ddof=1) if len(v) > 1 else np.nan),
        test_accuracy_ci_low=("test_accuracy", lambda v: mean_interval(v.tolist()).low),
        test_accuracy_ci_high=("test_accuracy", lambda v: mean_interval(v.tolist()).high),
        train_accuracy=("train_accuracy", "mean"),
        seeds=("seed", "nunique"),
    )
    return table.reset_index()


def grid_table(metrics: pd.DataFrame, epochs: Sequence[int]) -> pd.DataFrame:
    """Question 11: every (lr, B, epochs) of the plain-SGD grid with its test accuracy."""
    sgd = metrics[metrics["optimizer"] == "sgd"]
    return _summarize(pd.concat([_at_epochs(sgd, e) for e in epochs], ignore_index=True))


def best_setting(grid: pd.DataFrame) -> dict[str, Any]:
    """The grid's setting with the highest mean test accuracy (first of ties, in grid order)."""
    best = grid.loc[grid["test_accuracy"].idxmax()]
    batch_size, epochs = int(best["batch_size"]), int(best["epochs"])
    return {
        "lr": float(best["lr"]),
        "batch_size": batch_size,
        "epochs": epochs,
        "test_accuracy": float(best["test_accuracy"]),
        "run": {"batch_size": batch_size, "max_passes": epochs},
    }


def results_table(grid: pd.DataFrame, optimizer_metrics: pd.DataFrame) -> pd.DataFrame:
    """Every setting's final test accuracy, best first: the SGD grid and the other optimizers."""
    last = optimizer_metrics.sort_values("update", kind="stable")
    last = last.groupby(["optimizer", "seed"]).tail(1)
    epochs = last["passes"].round().astype(int)
    others = _summarize(last.assign(epochs=epochs))
    table = pd.concat([grid, others], ignore_index=True)
    table.insert(1, "optimizer_name", table["optimizer"].map(NAMES))
    return table.sort_values("test_accuracy", ascending=False, kind="stable").reset_index(drop=True)


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


def markdown_table(table: pd.DataFrame) -> str:
    """The results table as Markdown, accuracies in percent with 95% t-intervals."""
    lines = [
        "| rank | optimizer | learning rate | batch size | epochs | test accuracy [95% CI] "
        "| train accuracy |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for rank, row in enumerate(table.itertuples(), start=1):
        accuracy = f"{100 * row.test_accuracy:.2f}%"
        if not pd.isna(row.test_accuracy_ci_low):
            accuracy += (
                f" [{100 * row.test_accuracy_ci_low:.2f}, {100 * row.test_accuracy_ci_high:.2f}]"
            )
        lines.append(
            f"| {rank} | {row.optimizer_name} | {row.lr:g} | {row.batch_size} | {row.epochs} "
            f"| {accuracy} | {100 * row.train_accuracy:.2f}% |"
        )
    seeds = int(table["seeds"].iloc[0]) if len(table) else 0
    lines += ["", f"Mean over n = {seeds} seed(s); brackets: 95% Student-t interval over seeds."]
    return "\n".join(lines) + "\n"
