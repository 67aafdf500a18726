"""Where a finished run's compute went: job wall and CPU time per study, and their shares.

Reads the run's compute-cost table (``results/tables/compute_cost.csv``: every search and
training job, wall time from Snakemake's benchmark, CPU time from the job itself) and sums
it per study, largest first. Run it after ``snakemake --cores all`` on the machine to
profile.

Usage: python bench/protocol.py [results/tables/compute_cost.csv] [--json]
"""

from __future__ import annotations

import argparse
import json

import pandas as pd

STAGES = {"lr_search": "learning-rate searches"}


def study(rule: str) -> str:
    """The study (or stage) a compute rule belongs to, from its name."""
    if rule in STAGES:
        return STAGES[rule]
    for name in (
        "minibatch", "augmentation", "averaged_sgd", "optimizer_sweep", "minigrad",
        "linear_regression", "logreg", "autodiff",
    ):  # fmt: skip
        if rule.startswith(name):
            return name
    return rule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", nargs="?", default="results/tables/compute_cost.csv")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cost = pd.read_csv(args.table)
    cost["study"] = cost["rule"].map(study)
    per_study = cost.groupby("study")[["wall_s", "cpu_time_s"]].sum()
    per_study["jobs"] = cost.groupby("study").size()
    per_study = per_study.sort_values("wall_s", ascending=False)
    per_study["share"] = per_study["wall_s"] / per_study["wall_s"].sum()
    if args.json:
        print(per_study.to_json(orient="index"))
        return
    print(f"{'study':28s} {'jobs':>4s} {'wall s':>8s} {'CPU s':>8s} {'share':>6s}")
    for name, row in per_study.iterrows():
        print(
            f"{name:28s} {int(row.jobs):4d} {row.wall_s:8.0f} {row.cpu_time_s:8.0f} "
            f"{100 * row.share:5.1f}%"
        )
    wall, cpu = cost["wall_s"].sum(), cost["cpu_time_s"].sum()
    print(f"{'all compute jobs':28s} {len(cost):4d} {wall:8.0f} {cpu:8.0f}")
    print(json.dumps({"cpu_over_wall": round(cpu / wall, 3)}))


if __name__ == "__main__":
    main()
