"""Averaged SGD tables: both weights' metrics in one column, and the final-metrics table."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sgdlab.pipeline.plotting import METRICS
from sgdlab.pipeline.statistics import UNIT
from sgdlab.pipeline.tables import (
    interval_columns,
    interval_text,
    markdown_table,
    number_text,
    seeds_note,
)

NETWORKS = {"relu": "ReLU MLP", "none": "MLP without ReLU (linear)"}
# Losses are positive: their intervals are clipped at 0 (accuracies' to [0, 1]).
POSITIVE = (0.0, float("inf"))
WEIGHTS = {"": "trained w", "ema_": "averaged w̄"}


def long_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """Every logged point once per set of weights: columns ``weights`` and the four metrics."""
    keys = [column for column in metrics.columns if column not in _metric_columns()]
    frames = []
    for prefix, weights in WEIGHTS.items():
        frame = metrics[keys + [prefix + m for m in METRICS]].copy()
        frame.columns = keys + list(METRICS)
        frame.insert(len(keys), "weights", weights)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _metric_columns() -> list[str]:
    return [prefix + m for prefix in WEIGHTS for m in METRICS]


def final_table(
    metrics: pd.DataFrame, searches: Mapping[str, dict], document: Mapping[str, float]
) -> pd.DataFrame:
    """Final metrics of both networks' trained and averaged weights, and the document's values.

    One row per (network, weights): the seeds' mean divergent rate and training rate, and
    the mean, sd and 95% t-interval over seeds (clipped to the metric's range) of each
    metric at the last logged point; a last row with what the document prints (its
    divergent rate and the metrics after 25 passes).
    """
    frame = long_metrics(metrics).sort_values("update", kind="stable")
    last = frame.groupby(["activation", "seed", "weights"]).tail(1)
    rows = []
    for activation in [a for a in NETWORKS if a in searches]:
        for weights in WEIGHTS.values():
            group = last[(last["activation"] == activation) & (last["weights"] == weights)]
            row = {
                "network": NETWORKS[activation],
                "weights": weights,
                "divergent_lr": float(np.mean(searches[activation]["divergent_lr"])),
                "train_lr": group["lr"].mean(),
                "passes": group["passes"].max(),
                "seeds": group["seed"].nunique(),
            }
            for metric in METRICS:
                # The mean, then its sd, then its interval (the table's column order).
                bounds = UNIT if metric.endswith("accuracy") else POSITIVE
                columns = interval_columns(metric, group[metric].tolist(), bounds=bounds)
                row[metric] = columns.pop(metric)
                row[f"{metric}_sd"] = group[metric].std(ddof=1) if len(group) > 1 else np.nan
                row |= columns
            rows.append(row)
    rows.append({"network": "document (002 part 3, printed)", "weights": "", **document})
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame) -> str:
    """The final-metrics table as Markdown, rates in scientific notation, metrics to 3 places."""
    header = ["network", "weights", "η*", "training rate", "passes"]
    header += ["train loss", "train accuracy", "test loss", "test accuracy"]
    rows = []
    for _, row in table.iterrows():
        cells = [row["network"], row["weights"]]
        cells += [number_text(row.get("divergent_lr"), ".1e")]
        cells += [number_text(row.get("train_lr"), ".1e"), number_text(row.get("passes"))]
        cells += [
            interval_text(
                row.get(metric), row.get(f"{metric}_ci_low"), row.get(f"{metric}_ci_high"), ".3f"
            )
            for metric in METRICS
        ]
        rows.append(cells)
    seeds = table["seeds"].dropna()
    n = int(seeds.iloc[0]) if len(seeds) else 0
    return f"{markdown_table(header, 'llrrrrrrr', rows)}\n{seeds_note(n)}\n"
