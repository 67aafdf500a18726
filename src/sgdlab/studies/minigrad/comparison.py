"""003 questions 9-10's tables: each variant at its tuned rate, against the baseline, judged.

The reported accuracy is the held-out test split's after the last epoch (the validation
split chose the rate, so its accuracy at the chosen rate is biased upward for the tuning
seeds; it is given beside). The comparison with the baseline is the paired difference of
final test accuracy over seeds (a seed fixes the initial weights' generator and the
minibatch order in both runs), and the verdict says what its 95% t-interval shows.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from sgdlab.pipeline.statistics import UNIT, mean_interval, paired_difference

# How a variant is named in a verdict.
NAMES = {
    "relu": "ReLU",
    "sigmoid": "sigmoid",
    "init_zeros": "zero init",
    "init_normal": "normal init",
}


def _name(variant: str) -> str:
    return NAMES.get(variant, variant)


def _points(mean: float, low: float, high: float, sign: float = 1.0) -> str:
    """A difference of accuracies in percentage points with its interval: '3.2 [1.1, 5.3]'."""
    ends = sorted((sign * low, sign * high))
    return f"{100 * sign * mean:.1f} points [{100 * ends[0]:.1f}, {100 * ends[1]:.1f}]"


def verdict(variant: str, baseline: str, low: float, high: float, mean: float) -> str:
    """What the interval of (variant - baseline) test accuracy shows, in points (percent)."""
    if variant == baseline:
        return "baseline"
    difference = f"{_name(variant)} - {_name(baseline)}"
    if math.isnan(low) or math.isnan(high):
        return f"one seed only: {difference} = {100 * mean:+.1f} points, no interval"
    if low > 0:
        return f"{_name(variant)} beats {_name(baseline)} by {_points(mean, low, high)}"
    if high < 0:
        return f"{_name(baseline)} beats {_name(variant)} by {_points(mean, low, high, -1.0)}"
    return f"no difference within seed noise: {difference} = {_points(mean, low, high)}"


def final_accuracies(metrics: pd.DataFrame) -> pd.DataFrame:
    """The last epoch of every run at its variant's chosen rate."""
    chosen = metrics[metrics["selected"]]
    last = chosen.groupby(["dataset", "variant"])["epoch"].transform("max")
    return chosen[chosen["epoch"] == last]


def _accuracy_columns(name: str, values: pd.Series) -> dict[str, float]:
    """``name``_mean, _ci_low, _ci_high: the mean and its t-interval clipped to [0, 1]."""
    interval = mean_interval(values.tolist(), bounds=UNIT)
    return {
        f"{name}_mean": interval.estimate,
        f"{name}_ci_low": interval.low,
        f"{name}_ci_high": interval.high,
    }


def _row(
    group: pd.DataFrame, runs: pd.DataFrame, base: pd.DataFrame, baseline: str
) -> dict[str, Any]:
    """One (dataset, variant) row: its rate, both accuracies, the paired change, the verdict."""
    first = group.iloc[0]
    tried = sorted(runs["lr"].unique())
    paired = base.set_index("seed")["test_accuracy"].reindex(group["seed"])
    change = paired_difference(group["test_accuracy"].tolist(), paired.tolist())
    name = f"change_vs_{baseline}"
    return {
        "dataset": first["dataset"],
        "variant": first["variant"],
        "lr": first["lr"],
        "lr_position": first["lr_position"],
        "lrs_tried": "; ".join(f"{lr:.4g}" for lr in tried),
        "tuning_seeds": runs.loc[runs["tuning"], "seed"].nunique(),
        **_accuracy_columns("final_test_accuracy", group["test_accuracy"]),
        **_accuracy_columns("final_val_accuracy", group["val_accuracy"]),
        "seeds": len(group),
        name: change.estimate,
        f"{name}_ci_low": change.low,
        f"{name}_ci_high": change.high,
        "verdict": verdict(first["variant"], baseline, change.low, change.high, change.estimate),
    }


def final_table(metrics: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Per dataset and variant: tuned rate, final accuracies, change against ``baseline``.

    Final test and validation accuracy come with their 95% t-interval clipped to [0, 1], the
    paired change of test accuracy with its t-interval and the verdict it supports.
    """
    final = final_accuracies(metrics)
    rows = []
    if baseline not in set(final["variant"]):
        raise ValueError(
            f"the baseline {baseline!r} is not among the variants {sorted(set(final['variant']))}; "
            "fix: add it to every group in minigrad.training.groups"
        )
    for (dataset, variant), group in final.groupby(["dataset", "variant"], sort=False):
        base = final[(final["dataset"] == dataset) & (final["variant"] == baseline)]
        runs = metrics[(metrics["dataset"] == dataset) & (metrics["variant"] == variant)]
        rows.append(_row(group, runs, base, baseline))
    return pd.DataFrame(rows)
