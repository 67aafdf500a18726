"""Choosing on validation accuracy: runs read at whole epochs, the grid's best and chosen cells.

Every run holds out the same validation split of the training subsample; nothing here reads
test accuracy. A run is read at each whole epoch it reached (no schedule: a run of E epochs
is the first E of a longer one). Without a schedule the validation accuracy swings by about
a point from one epoch to the next, so a setting is scored by its mean over seeds and over
epochs E - 1, E and E + 1 (``smoothed``; two epochs at a run's end): a single lucky epoch
does not decide. ``grid_table`` summarizes the plain-SGD grid and marks its best cell, the
cells within one standard error of it (the one-standard-error rule) and, among those, the
one with the fewest updates, which question 12 trains at. ``choose_rate`` picks an
optimizer's rate on its own small grid and says where it lies.
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
# The score that chooses: mean validation accuracy over this many consecutive epochs.
SCORE = "validation_accuracy_smoothed"
SMOOTHING_EPOCHS = 3


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
    runs = metrics.groupby(["optimizer", "lr", "batch_size"])["seed"].nunique()
    epochs = pd.DataFrame({"epochs": range(1, max_epochs + 1)})
    full = runs.rename("run_seeds").reset_index().merge(epochs, how="cross")
    grid = full.merge(cells, on=SETTING, how="left")
    grid["seeds"] = grid["seeds"].fillna(0).astype(int)
    grid["updates"] = grid["updates"].astype("Int64")
    grid.insert(4, "diverged_seeds", grid.pop("run_seeds") - grid["seeds"])
    order = ["batch_size", "lr", "epochs"]
    return grid.sort_values(order, kind="stable").reset_index(drop=True)


def smoothed(cells: pd.DataFrame) -> pd.Series:
    """Each cell's mean validation accuracy averaged over epochs E - 1, E, E + 1 of its setting.

    At the first and last epoch the window holds two epochs; a cell without accuracy (its
    seeds diverged) has no score.
    """
    ordered = cells.sort_values(["optimizer", "batch_size", "lr", "epochs"], kind="stable")
    windows = ordered.groupby(["optimizer", "batch_size", "lr"], sort=False)["validation_accuracy"]
    mean = windows.transform(
        lambda v: v.rolling(SMOOTHING_EPOCHS, center=True, min_periods=2).mean()
    )
    return mean.where(ordered["validation_accuracy"].notna()).reindex(cells.index)


def end_cells(metrics: pd.DataFrame, epochs: int) -> pd.DataFrame:
    """Every setting of ``metrics`` (one optimizer's rates) at epoch ``epochs``, with its score."""
    cells = summarize(read_at_epochs(metrics, range(1, epochs + 1)))
    cells[SCORE] = smoothed(cells)
    return cells[cells["epochs"] == epochs]


def grid_table(metrics: pd.DataFrame, max_epochs: int, validation_images: int) -> pd.DataFrame:
    """Question 11: every (lr, B, epochs) of the plain-SGD grid, chosen on validation accuracy.

    ``best`` marks the highest score (``smoothed``) among the settings none of whose seeds
    diverged by that epoch; ``within_noise`` the settings at most one standard error (of the
    best's mean validation accuracy) below it; ``chosen`` the one of those with the fewest
    updates (then the higher score), where question 12 compares the optimizers.
    """
    sgd = metrics[metrics["optimizer"] == "sgd"]
    rows = read_at_epochs(sgd, range(1, max_epochs + 1))
    grid = _all_cells(sgd, summarize(rows), max_epochs)
    grid.insert(grid.columns.get_loc("validation_accuracy"), SCORE, smoothed(grid))
    grid = grid.drop(columns="optimizer")
    grid["validation_se"] = standard_error(grid, validation_images)
    grid["validation_images"] = validation_images
    score = grid[SCORE]
    eligible = (grid["diverged_seeds"] == 0) & score.notna()
    best = score.where(eligible).idxmax()
    floor = score[best] - grid.loc[best, "validation_se"]
    grid["best"] = grid.index == best
    grid["within_noise"] = eligible & (score >= floor)
    candidates = grid[grid["within_noise"]].sort_values(
        ["updates", SCORE], ascending=[True, False], kind="stable"
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
    return f"{where} of {span}: flagged, the optimum may lie beyond"


def choose_rate(cells: pd.DataFrame, lrs: Sequence[float]) -> dict[str, Any]:
    """The rate of ``lrs`` whose cell has the highest score, and where it lies in ``lrs``.

    ``cells`` holds one optimizer's settings at one B and epoch count, one per rate, with
    their score (``end_cells``); a rate that lost a seed to divergence by then (fewer
    seeds) is not chosen.
    """
    complete = (cells["seeds"] == cells["seeds"].max()) & cells[SCORE].notna()
    eligible = cells[complete]
    best = eligible.loc[eligible[SCORE].idxmax()]
    lr, ladder = float(best["lr"]), sorted(float(rate) for rate in lrs)
    return {
        "lr": lr,
        "lr_grid": ladder,
        "lr_interior": position(lr, ladder) == "interior",
        "lr_note": rate_note(lr, ladder),
        "tuning_validation_accuracy": float(best[SCORE]),
        "tuning_seeds": int(best["seeds"]),
    }


def chosen_setting(grid: pd.DataFrame, lrs: Sequence[float]) -> dict[str, Any]:
    """The grid's chosen cell as question 12's setting: B, epochs and SGD's rate among ``lrs``.

    The chosen cell has the best score of its B and epoch count (a rate scoring below it
    there is not within noise, or has as many updates and is ranked after it).
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
