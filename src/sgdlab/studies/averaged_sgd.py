"""Averaged SGD study (002_8b264e80ed0c5d82.txt, part 3): trained vs averaged weights.

MLP(32, 16, 12) at B = 8 and half its divergent rate, with an exponential moving average
of the weights evaluated beside them; once with ReLUs (the network the exercise asks for)
and once without (the notebook's, whose ReLU outputs are discarded), so that the table shows
which of the two the document's printed numbers come from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import LABELS, METRICS, new_figure, save, title
from sgdlab.pipeline.statistics import mean_interval, t_errorbar

NETWORKS = {"relu": "ReLU MLP", "none": "MLP without ReLU (linear)"}
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
    the mean, sd and 95% t-interval over seeds of each metric at the last logged point; a
    last row with what the document prints (its divergent rate and the metrics after 25
    passes).
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
                interval = mean_interval(group[metric].tolist())
                row[metric] = interval.estimate
                row[f"{metric}_sd"] = group[metric].std(ddof=1) if len(group) > 1 else np.nan
                row[f"{metric}_ci_low"], row[f"{metric}_ci_high"] = interval.low, interval.high
            rows.append(row)
    rows.append({"network": "document (002 part 3, printed)", "weights": "", **document})
    return pd.DataFrame(rows)


def markdown_table(table: pd.DataFrame) -> str:
    """The final-metrics table as Markdown, rates in scientific notation, metrics to 3 places."""
    lines = [
        "| network | weights | η* | training rate | passes | train loss | train accuracy "
        "| test loss | test accuracy |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for _, row in table.iterrows():
        cells = [row["network"], row["weights"]]
        cells += [_number(row.get("divergent_lr"), ".1e"), _number(row.get("train_lr"), ".1e")]
        cells += [_number(row.get("passes"), "g")]
        cells += [_with_interval(row, metric) for metric in METRICS]
        lines.append("| " + " | ".join(cells) + " |")
    seeds = table["seeds"].dropna()
    n = int(seeds.iloc[0]) if len(seeds) else 0
    lines += ["", f"Mean over n = {n} seed(s); brackets: 95% Student-t interval over seeds."]
    return "\n".join(lines) + "\n"


def _with_interval(row: pd.Series, metric: str) -> str:
    """The metric to 3 places, with its 95% interval when there is one."""
    text = _number(row.get(metric), ".3f")
    low, high = row.get(f"{metric}_ci_low"), row.get(f"{metric}_ci_high")
    if low is None or pd.isna(low):
        return text
    return f"{text} [{low:.3f}, {high:.3f}]"


def _number(value: float | None, spec: str) -> str:
    return "" if value is None or pd.isna(value) else format(value, spec)


def plot_grid(metrics: pd.DataFrame, skip_passes: float, png: Path, pdf: Path) -> None:
    """The 2x2 figure: train/test loss/accuracy against passes, trained vs averaged weights.

    Colour is the network, line style the weights; points before ``skip_passes`` are left
    out, as the document asks (the early loss is large and would drown the rest). With
    several seeds, the line is the mean and the band its 95% t-interval.
    """
    frame = long_metrics(metrics)
    frame = frame[frame["passes"] >= skip_passes - 1e-9].copy()
    frame["network"] = frame["activation"].map(NETWORKS)
    fig, _ = new_figure(11, 8)
    fig.clear()
    grid = fig.subplots(2, 2)
    palette = dict(zip(NETWORKS.values(), sns.color_palette("colorblind", 2), strict=True))
    for ax, metric in zip(grid.flat, METRICS, strict=True):
        sns.lineplot(
            data=frame,
            x="passes",
            y=metric,
            hue="network",
            style="weights",
            palette=palette,
            hue_order=list(NETWORKS.values()),
            style_order=list(WEIGHTS.values()),
            errorbar=t_errorbar if frame["seed"].nunique() > 1 else None,
            ax=ax,
        )
        ax.set_xlabel(LABELS["passes"])
        ax.set_ylabel(LABELS[metric])
        title(ax, LABELS[metric].split(" (")[0])
        if metric != METRICS[0]:
            ax.get_legend().remove()
    fig.suptitle(f"Averaged SGD (002 part 3), B = 8, η*/2, from pass {skip_passes:g} on")
    save(fig, png, pdf)
