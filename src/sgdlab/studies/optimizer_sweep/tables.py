"""Optimizer sweep tables: the SGD grid read at every epoch count, its best setting, the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from sgdlab.pipeline.statistics import mean_interval
from sgdlab.pipeline.tables import interval_text, markdown_table, number_text, seeds_note

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


def markdown(table: pd.DataFrame) -> str:
    """The results table as Markdown, accuracies in percent with 95% t-intervals."""
    header = ["rank", "optimizer", "learning rate", "batch size", "epochs"]
    header += ["test accuracy [95% CI]", "train accuracy"]
    rows = [
        [
            rank,
            row.optimizer_name,
            f"{row.lr:g}",
            row.batch_size,
            row.epochs,
            interval_text(
                row.test_accuracy,
                row.test_accuracy_ci_low,
                row.test_accuracy_ci_high,
                scale=100,
                unit="%",
            ),
            number_text(row.train_accuracy, ".2f", scale=100, unit="%"),
        ]
        for rank, row in enumerate(table.itertuples(), start=1)
    ]
    seeds = int(table["seeds"].iloc[0]) if len(table) else 0
    return f"{markdown_table(header, 'rlrrrrr', rows)}\n{seeds_note(seeds)}\n"
