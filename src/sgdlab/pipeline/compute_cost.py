"""What the protocol cost on the machine that ran it: wall time, CPU time and memory per job.

Wall time comes from Snakemake's benchmark file (the whole job as Snakemake saw it); CPU
time and peak memory from the job's own usage line (``getrusage``, exact), since the
benchmark samples CPU time too rarely to count a job's last stretch.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from sgdlab.pipeline.job import read_usage
from sgdlab.pipeline.plotting import log_axis, new_figure, save, title


def cost_table(jobs: Sequence[tuple[str, str, Path, Path]]) -> pd.DataFrame:
    """One row per (rule, job, benchmark, log): wall and CPU seconds, threads, peak RSS (MB).

    ``cpu_per_wall`` is CPU time over wall time per thread: 1 for a job that kept its
    threads busy, below 1 for one that waited (for a core, a disk or a child process).
    """
    rows = []
    for rule, job, benchmark, log in jobs:
        bench = pd.read_csv(benchmark, sep="\t").iloc[-1]
        used = read_usage(log)
        wall = float(bench["s"])
        rows.append(
            {
                "rule": rule,
                "job": job,
                "wall_s": wall,
                "cpu_time_s": used["cpu_s"],
                "threads": used["threads"],
                "cpu_per_wall": used["cpu_s"] / (wall * used["threads"]) if wall else None,
                "max_rss_mb": used["max_rss_mb"],
            }
        )
    return pd.DataFrame(rows)


def plot_cost(table: pd.DataFrame, png: Path, pdf: Path) -> None:
    """Wall time of every search and training job, one bar each, coloured by rule.

    Jobs keep the table's order (the pipeline's: by study, then batch size or setting).
    """
    import seaborn as sns  # about a second with SciPy: only the figure job pays it

    fig, ax = new_figure(width=7.0, height=max(3.0, 0.32 * len(table) + 1.2))
    sns.barplot(x=table["wall_s"], y=table["job"], hue=table["rule"], dodge=False, ax=ax)
    log_axis(ax, "x")
    ax.set_xlabel("wall time (s)")
    ax.set_ylabel("")
    wall, cpu = table["wall_s"].sum(), table["cpu_time_s"].sum()
    title(ax, f"Wall time per job: {wall / 60:.1f} min in all, CPU {cpu / 60:.1f} min")
    ax.legend(title="rule", fontsize=8)
    save(fig, png, pdf)
