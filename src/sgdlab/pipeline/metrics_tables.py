"""Tables shared by the studies: all logged points of all runs, first interpolation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd


def concat_metrics(paths: Iterable[Path]) -> pd.DataFrame:
    """One tidy table of every logged point of every run, in the given order of runs."""
    frames = [pd.read_csv(path, float_precision="round_trip") for path in paths]
    return pd.concat(frames, ignore_index=True)


def first_interpolation(metrics: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Per run (``keys``): first update and pass with training accuracy 100%, and final row.

    Runs that never reach 100% get empty update and pass and ``interpolated = False``.
    Accuracy is a ratio of counts, so 100% is exactly 1.0.
    """
    rows = []
    for key, run in metrics.groupby(list(keys), sort=True):
        run = run.sort_values("update")
        hit = run[run["train_accuracy"] == 1.0]
        final = run.iloc[-1]
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "interpolated": not hit.empty,
                "interpolation_update": hit["update"].iloc[0] if not hit.empty else pd.NA,
                "interpolation_passes": hit["passes"].iloc[0] if not hit.empty else pd.NA,
                "final_update": final["update"],
                "final_passes": final["passes"],
                "final_train_loss": final["train_loss"],
                "final_train_accuracy": final["train_accuracy"],
                "final_test_loss": final["test_loss"],
                "final_test_accuracy": final["test_accuracy"],
                "status": final["status"],
            }
        )
    table = pd.DataFrame(rows)
    for column in ("interpolation_update",):
        table[column] = table[column].astype("Int64")
    return table


def first_reaching(
    metrics: pd.DataFrame, keys: Sequence[str], thresholds: Sequence[float]
) -> pd.DataFrame:
    """Per run (``keys``) and threshold: first update and pass with training accuracy >= it.

    A run that never reaches a threshold is censored: its row carries the run's last update
    and pass, a lower bound on what it would need, with ``reached = False``.
    """
    rows = []
    for key, run in metrics.groupby(list(keys), sort=True):
        run = run.sort_values("update")
        final = run.iloc[-1]
        for threshold in thresholds:
            hit = run[run["train_accuracy"] >= threshold - 1e-12]
            first = hit.iloc[0] if not hit.empty else final
            rows.append(
                {
                    **dict(zip(keys, key, strict=True)),
                    "threshold": threshold,
                    "reached": not hit.empty,
                    "update": int(first["update"]),
                    "passes": float(first["passes"]),
                }
            )
    return pd.DataFrame(rows)
