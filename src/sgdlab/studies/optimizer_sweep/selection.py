"""Choosing on validation accuracy: runs read at whole epochs, the grid's best and chosen cells.

Every run holds out the same validation split of the training subsample; nothing here reads
test accuracy. A run is read at each whole epoch it reached (no schedule: a run of E epochs
is the first E of a longer one). ``grid_table`` summarizes the plain-SGD grid over seeds
and marks its best cell, the cells within one standard error of it (the one-standard-error
rule) and, among those, the one with the fewest updates, which question 12 trains at.
``choose_rate`` picks an optimizer's rate on its own small grid and says where it lies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sgdlab.pipeline.statistics import UNIT
from sgdlab.pipeline.tables import interval_columns

RUN = ["optimizer", "lr", "batch_size", "seed"]
SETTING = ["optimizer", "lr", "batch_size", "epochs"]
ACCURACIES = ("validation_accuracy", "test_accuracy", "train_accuracy")
# A log point counts as epoch E when it lies within this many passes of E (with B not
# dividing n, logging every pass puts points at 0.998, 1.997, ... passes).
EPOCH_TOLERANCE = 0.25


def read_at_epochs(metrics: pd.DataFrame, epochs: Iterable[int]) -> pd.DataFrame:
    """Each run's logged row nearest to every whole epoch of ``epochs`` that the run reached.

    A run that diverged stops logging, so it has no row at the epochs after it stopped.
    """
    frame = metrics.assign(epochs=metrics["passes"].round().astype(int))
    distance = (frame["passes"] - frame["epochs"]).abs()
    keep = frame["epochs"].isin(list(epochs)) & (distance <= EPOCH_TOLERANCE)
    frame = frame[keep].assign(distance=distance[keep]).sort_values("distance", kind="stable")
    frame = frame.groupby([*RUN, "epochs"], sort=False).head(1).drop(columns="distance")
    return frame.sort_values([*RUN, "epochs"], kind="stable").reset_index(drop=True)


def summarize(rows: pd.DataFrame) -> pd.DataFrame:
    """Per setting: updates, each logged accuracy's mean, 95% t-interval in [0, 1] and sd, seeds."""
    records = []
    for key, group in rows.groupby(SETTING, sort=True):
        record: dict[str, Any] = dict(zip(SETTING, key, strict=True))
        record["updates"] = int(group["update"].max())
        for metric in ACCURACIES:
            if metric not in group:
                continue
            values = group[metric].dropna().tolist()
            record |= interval_columns(metric, values, UNIT)
            record[f"{metric}_sd"] = float(np.std(values, ddof=1)) if len(values) > 1 else math.nan
        record["seeds"] = int(group["seed"].nunique())
        records.append(record)
    return pd.DataFrame(records)


def standard_error(table: pd.DataFrame, validation_images: int) -> pd.Series:
    """Standard error of each setting's mean validation accuracy: image sampling and seeds.

    The validation images are one sample of ``validation_images`` (binomial term); the
    seeds add their spread (sd / sqrt(seeds), none with one seed).
    """
    accuracy = table["validation_accuracy"]
    seeds = table["validation_accuracy_sd"].fillna(0.0) ** 2 / table["seeds"]
    return np.sqrt(accuracy * (1 - accuracy) / validation_images + seeds)


def _all_cells(metrics: pd.DataFrame, cells: pd.DataFrame, max_epochs: int) -> pd.DataFrame:
    """Every (lr, B) run of ``metrics`` at every epoch, with ``diverged_seeds``.

    A cell no seed reached (all diverged before it) is kept with no accuracy, so that a rate
    that diverged at once still counts as a value of the grid.
    """
    seeds = metrics.groupby(["lr", "batch_size"])["seed"].nunique().rename("run_seeds")
    epochs = pd.DataFrame({"epochs": range(1, max_epochs + 1)})
    full = seeds.reset_index().merge(epochs, how="cross")
    grid = full.merge(cells, on=["lr", "batch_size", "epochs"], how="left")
    grid["seeds"] = grid["seeds"].fillna(0).astype(int)
    grid["updates"] = grid["updates"].astype("Int64")
    grid.insert(4, "diverged_seeds", grid.pop("run_seeds") - grid["seeds"])
    return grid


def grid_table(metrics: pd.DataFrame, max_epochs: int, validation_images: int) -> pd.DataFrame:
    """Question 11: every (lr, B, epochs) of the plain-SGD grid, chosen on validation accuracy.

    ``best`` marks the highest mean validation accuracy among the settings none of whose
    seeds diverged by that epoch; ``within_noise`` the settings at most one standard error
    of the best below it; ``chosen`` the one of those with the fewest updates (then the
    higher accuracy), where question 12 compares the optimizers.
    """
    sgd = metrics[metrics["optimizer"] == "sgd"]
    rows = read_at_epochs(sgd, range(1, max_epochs + 1))
    grid = _all_cells(sgd, summarize(rows).drop(columns="optimizer"), max_epochs)
    grid["validation_se"] = standard_error(grid, validation_images)
    grid["validation_images"] = validation_images
    accuracy = grid["validation_accuracy"]
    eligible = (grid["diverged_seeds"] == 0) & accuracy.notna()
    best = accuracy.where(eligible).idxmax()
    floor = accuracy[best] - grid.loc[best, "validation_se"]
    grid["best"] = grid.index == best
    grid["within_noise"] = eligible & (accuracy >= floor)
    candidates = grid[grid["within_noise"]].sort_values(
        ["updates", "validation_accuracy"], ascending=[True, False], kind="stable"
    )
    grid["chosen"] = grid.index == candidates.index[0]
    return grid


def position(value: float, values: Sequence[float]) -> str:
    """Where ``value`` lies among the grid's ``values``: interior, lowest, highest or only."""
    ordered = sorted(set(values))
    if len(ordered) == 1:
        return "only"
    if math.isclose(value, ordered[0]):
        return "lowest"
    return "highest" if math.isclose(value, ordered[-1]) else "interior"


def rate_note(lr: float, lrs: Sequence[float]) -> str:
    """Where a chosen rate lies in its grid, in words; the ends are flagged."""
    where = position(lr, lrs)
    if where == "only":
        return "one rate, not tuned"
    span = f"{min(lrs):g}-{max(lrs):g}"
    if where == "interior":
        return f"interior of {span}"
    return f"at the {where} rate of {span}: flagged, the optimum may lie beyond"


def choose_rate(cells: pd.DataFrame, lrs: Sequence[float]) -> dict[str, Any]:
    """The rate of ``lrs`` whose cell has the highest validation accuracy, and where it lies.

    ``cells`` holds one optimizer's settings at one B and epoch count, one per rate; a rate
    that lost a seed to divergence by then (fewer seeds) is not chosen.
    """
    complete = (cells["seeds"] == cells["seeds"].max()) & cells["validation_accuracy"].notna()
    eligible = cells[complete]
    best = eligible.loc[eligible["validation_accuracy"].idxmax()]
    lr, ladder = float(best["lr"]), sorted(float(rate) for rate in lrs)
    return {
        "lr": lr,
        "lr_grid": ladder,
        "lr_interior": position(lr, ladder) == "interior",
        "lr_note": rate_note(lr, ladder),
        "tuning_validation_accuracy": float(best["validation_accuracy"]),
        "tuning_seeds": int(best["seeds"]),
    }


def chosen_setting(grid: pd.DataFrame, lrs: Sequence[float]) -> dict[str, Any]:
    """The grid's chosen cell as question 12's setting: B, epochs and SGD's rate among ``lrs``.

    The chosen cell has the best validation accuracy of its B and epoch count (a rate
    below it there is not within noise, or has as many updates and is ranked after it).
    """
    chosen = grid[grid["chosen"]].iloc[0]
    batch_size, epochs = int(chosen["batch_size"]), int(chosen["epochs"])
    cells = grid[(grid["batch_size"] == batch_size) & (grid["epochs"] == epochs)]
    rate = choose_rate(cells, lrs)
    return {"run": {"batch_size": batch_size, "max_passes": epochs}, **rate}


def untuned_rate(lr: float) -> dict[str, Any]:
    """An optimizer given a single rate: nothing to choose, so it is flagged as not tuned."""
    return {
        "lr": float(lr),
        "lr_grid": [float(lr)],
        "lr_interior": False,
        "lr_note": rate_note(lr, [lr]),
        "tuning_validation_accuracy": None,
        "tuning_seeds": 0,
    }
