"""Minibatch study tables: divergent rates, first interpolation, thresholds, scaling laws.

Every seed has its own divergent rate eta*_B (a search per batch size); each run trains
at a factor of it, and its logged points give the first update and pass at which training
accuracy reaches each threshold. The summary gives mean, 95% t-interval and n over seeds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sgdlab.pipeline.metrics_tables import first_interpolation, first_reaching
from sgdlab.pipeline.statistics import UNIT, Interval, loglog_slope
from sgdlab.pipeline.tables import interval_columns

KEYS = ("lr_factor", "batch_size", "seed")
# Rates, updates and passes are positive: their intervals are clipped at 0.
POSITIVE = (0.0, math.inf)


def divergent_rates(searches: Mapping[int, dict]) -> pd.DataFrame:
    """One row per batch size and seed: that seed's divergent rate eta*_B."""
    return pd.DataFrame(
        [
            {"batch_size": b, "seed": seed, "divergent_lr": rate}
            for b, search in sorted(searches.items())
            for seed, rate in zip(search["seeds"], search["divergent_lr"], strict=True)
        ]
    )


def interpolation_table(metrics: pd.DataFrame, searches: Mapping[int, dict]) -> pd.DataFrame:
    """Per factor, batch size and seed: rates, first update and pass at 100% accuracy."""
    table = first_interpolation(metrics, (*KEYS, "model", "lr"))
    table = table.rename(columns={"lr": "train_lr"})
    table = table.merge(divergent_rates(searches), on=["batch_size", "seed"], how="left")
    first = [*KEYS, "model", "divergent_lr", "train_lr"]
    return table[first + [c for c in table.columns if c not in first]]


def main_runs(metrics: pd.DataFrame, lr_factor: float) -> pd.DataFrame:
    """The rows of the runs at the document's factor of eta*_B (the curves' runs)."""
    return metrics[np.isclose(metrics["lr_factor"], lr_factor)]


def threshold_table(metrics: pd.DataFrame, thresholds: Sequence[float]) -> pd.DataFrame:
    """Per batch size, seed and training-accuracy threshold: first update and pass, or a bound."""
    return first_reaching(metrics, (*KEYS, "model"), thresholds)


def threshold_label(threshold: float) -> str:
    """A training-accuracy threshold in percent (95%, 100%), for column names and legends."""
    return f"{100 * threshold:g}%"


def scaling_table(
    thresholds: pd.DataFrame, searches: Mapping[int, dict], passes_budget: float
) -> pd.DataFrame:
    """Log-log slopes against B with 95% t-intervals: eta*_B, and updates to each threshold.

    Every seed's value at every B is a point of the fit, so the interval carries the seeds'
    spread. Linear scaling predicts slope +1 for eta*_B and -1 for updates (below a
    critical batch size). Updates to a threshold (one fit per learning-rate factor) enter
    only at batch sizes where every seed reached it, since censored runs give only lower
    bounds; the row says how many batch sizes that left.
    """
    rates = divergent_rates(searches)
    sizes = int(rates["batch_size"].nunique())
    slope = loglog_slope(rates["batch_size"].tolist(), rates["divergent_lr"].tolist())
    nan = math.nan
    rows = [slope_row("divergent_lr", nan, nan, nan, slope, 1.0, sizes, sizes)]
    for (factor, threshold), group in thresholds.groupby(["lr_factor", "threshold"], sort=True):
        complete = group.groupby("batch_size").filter(lambda g: bool(g["reached"].all()))
        slope = loglog_slope(complete["batch_size"].tolist(), complete["update"].tolist())
        fitted = int(complete["batch_size"].nunique())
        rows.append(
            slope_row(
                "updates_to_threshold",
                factor,
                threshold,
                passes_budget,
                slope,
                -1.0,
                fitted,
                sizes,
            )
        )
    return pd.DataFrame(rows)


def summary_table(interpolation: pd.DataFrame, thresholds: pd.DataFrame) -> pd.DataFrame:
    """Per rate factor and batch size: mean, 95% t-interval and n over seeds of the answers.

    Intervals are clipped to the quantity's range: accuracies to [0, 1], the rest at 0.

    The divergent and training rates, the final training and test accuracy, and for each
    training-accuracy threshold how many seeds reached it and, when all did, the updates and
    passes to it (else empty: the censored runs only bound it from below).
    """
    rows = []
    for (factor, size), runs in interpolation.groupby(["lr_factor", "batch_size"], sort=True):
        row: dict = {"lr_factor": factor, "batch_size": size, "seeds": len(runs)}
        for column in ("divergent_lr", "train_lr", "final_train_accuracy", "final_test_accuracy"):
            bounds = UNIT if column.endswith("accuracy") else POSITIVE
            row |= interval_columns(column, runs[column].tolist(), bounds=bounds)
        mine = thresholds[(thresholds["lr_factor"] == factor) & (thresholds["batch_size"] == size)]
        for threshold, group in mine.groupby("threshold", sort=True):
            label = threshold_label(threshold)
            row[f"reached_{label}"] = int(group["reached"].sum())
            for column, name in (("update", "updates"), ("passes", "passes")):
                values = group[column].tolist() if group["reached"].all() else []
                row |= interval_columns(f"{name}_to_{label}", values, bounds=POSITIVE)
        rows.append(row)
    return pd.DataFrame(rows)


def slope_row(
    quantity: str,
    lr_factor: float,
    threshold: float,
    passes_budget: float,
    slope: Interval,
    predicted: float,
    fitted: int,
    batch_sizes: int,
) -> dict:
    """One row of the scaling table: what was fitted, on which runs, and the slope."""
    return {
        "quantity": quantity,
        "lr_factor": lr_factor,
        "threshold": threshold,
        "passes_budget": passes_budget,
        "slope": slope.estimate,
        "ci_low": slope.low,
        "ci_high": slope.high,
        "points": slope.n,
        "batch_sizes_fitted": fitted,
        "batch_sizes": batch_sizes,
        "linear_scaling_slope": predicted,
    }
