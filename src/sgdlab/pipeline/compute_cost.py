"""What the protocol cost on the machine that ran it, from Snakemake's benchmark files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import log_axis, new_figure, save, title


def cost_table(jobs: Sequence[tuple[str, str, Path]]) -> pd.DataFrame:
    """One row per (rule, job, benchmark file): wall seconds, max RSS (MB), CPU seconds."""
    rows = []
    for rule, job, path in jobs:
        bench = pd.read_csv(path, sep="\t").iloc[-1]
        rows.append(
            {
                "rule": rule,
                "job": job,
                "wall_s": float(bench["s"]),
                "max_rss_mb": float(bench["max_rss"]) if bench["max_rss"] != "-" else None,
                "cpu_time_s": float(bench["cpu_time"]) if bench["cpu_time"] != "-" else None,
            }
        )
    return pd.DataFrame(rows)


def plot_cost(table: pd.DataFrame, png: Path, pdf: Path) -> None:
    """Wall time of every search and training job, one bar each, coloured by rule.

    Jobs keep the table's order (the pipeline's: by study, then batch size or setting).
    """
    fig, ax = new_figure(width=7.0, height=max(3.0, 0.32 * len(table) + 1.2))
    sns.barplot(x=table["wall_s"], y=table["job"], hue=table["rule"], dodge=False, ax=ax)
    log_axis(ax, "x")
    ax.set_xlabel("wall time (s)")
    ax.set_ylabel("")
    total = table["wall_s"].sum()
    title(ax, f"Wall time per job ({total / 60:.1f} min of compute in all)")
    ax.legend(title="rule", fontsize=8)
    save(fig, png, pdf)
