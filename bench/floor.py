"""The protocol's floor on this machine: a finished run's SGD updates alone, at the engine's speed.

Counts every replicate's updates in a finished run (``results/runs/**/metrics.csv``: the
last logged update of each (seed, rate) pair, per model, batch size, optimizer and
augmentation), times one update of each such configuration with the engine's own hot loop
(``Stepper.run`` on real replicates: the augmentation, forward, backward and optimizer step,
the stacked analytic step for ReLU MLPs) and multiplies. Nothing else is counted: no
evaluation, no test-time views, no learning-rate search, no job start-up, so the sum is a
lower bound on the protocol's compute, to hold against the two cores' budget.

Usage: python bench/floor.py [results] [--budget-min 15] [--cores 2] [--threads 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pandas as pd
import torch

from sgdlab.engine.device_data import DeviceData, load_device_data
from sgdlab.engine.optimizers import OptimizerSettings
from sgdlab.engine.replicas import build_replica
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.stepper import Stepper
from sgdlab.engine.transforms import Augmentation
from sgdlab.pipeline.fashion_mnist import DEBIAN_DIR, load_split
from sgdlab.pipeline.subsample import draw_subsample

# (model column, batch size, optimizer, augmented) of a run's metrics.
Key = tuple[str, int, str, bool]
# Seconds of timed updates per configuration (after a warm-up block).
TARGET_S = 1.5
# Replicates stepped together per model: the minibatch study stacks 3 rate factors x 5
# seeds (the cheapest update per replicate it reaches); the others run 5 seeds.
REPLICAS = {"mlp-64": 15}


def count_updates(results: Path) -> dict[Key, int]:
    """Replicate-updates of every engine-trained configuration of a finished run."""
    counts: dict[Key, int] = defaultdict(int)
    for path in sorted((results / "runs").rglob("metrics.csv")):
        frame = pd.read_csv(path)
        if not {"model", "batch_size", "seed", "lr", "update"} <= set(frame.columns):
            continue  # not an engine run (minigrad's NumPy library, for example)
        optimizer = str(frame["optimizer"].iloc[0]) if "optimizer" in frame else "sgd"
        augmented = bool(frame["train_aug"].iloc[0]) if "train_aug" in frame else False
        key = (str(frame["model"].iloc[0]), int(frame["batch_size"].iloc[0]), optimizer, augmented)
        counts[key] += int(frame.groupby(["seed", "lr"])["update"].max().sum())
    return dict(counts)


def settings_for(key: Key) -> RunSettings:
    """Engine settings of a configuration (rates that keep the timed updates finite)."""
    model, batch_size, optimizer, augmented = key
    aug = Augmentation(padding=2, degrees=10.0) if augmented else None
    if model.startswith("mlp"):
        parts = model.split("-")[1:]
        linear = parts[-1] == "linear"
        hidden = tuple(int(width) for width in (parts[:-1] if linear else parts))
        averaged = hidden != (64,)
        return RunSettings(
            model="mlp", hidden=hidden, batch_size=batch_size, max_passes=1.0,
            lr=1e-3 if averaged else 0.01, seed=0, hidden_activation="none" if linear else "relu",
            ema_gamma=1e-3 if averaged else None,
            preprocessing="center" if averaged else "standardize",
            sampling="with_replacement" if averaged else "shuffle",
        )  # fmt: skip
    options = {"momentum": {"momentum": 0.9}, "adamw": {"weight_decay": 0.01}}.get(optimizer, {})
    lr = 1e-3 if optimizer.startswith("adam") else 0.01
    return RunSettings(
        model=model, hidden=(), batch_size=batch_size, lr=lr, seed=0, max_passes=1.0, train_aug=aug,
        optimizer=OptimizerSettings(name=optimizer, **options),
    )  # fmt: skip


def seconds_per_update(key: Key, data: DeviceData) -> float:
    """Seconds per replicate-update of ``key`` in the engine's stepper (stacked where it is)."""
    settings = settings_for(key)
    data = data.with_preprocessing(settings.preprocessing)
    count = REPLICAS.get(key[0], 5)
    replicas = [
        build_replica(replace(settings, seed=seed), data.n_train, data.train_x.device)
        for seed in range(count)
    ]
    stepper = Stepper(replicas, data)
    steps = 20
    while True:
        stepper.run([replica.sampler.next_block(steps) for replica in replicas])
        start = time.perf_counter()
        stepper.run([replica.sampler.next_block(steps) for replica in replicas])
        elapsed = time.perf_counter() - start
        if elapsed >= TARGET_S / 3:
            break
        steps *= 4
    return elapsed / (steps * count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", default="results", type=Path)
    parser.add_argument("--budget-min", type=float, default=15.0)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    counts = count_updates(args.results)
    if not counts:
        raise SystemExit(f"no engine metrics under {args.results}/runs: run the protocol first")
    train = load_split(DEBIAN_DIR, train=True)
    data = load_device_data(
        DEBIAN_DIR, draw_subsample(train.images, train.labels, 0.1, seed=0), torch.device("cpu")
    )
    rows = []
    for key, updates in sorted(counts.items(), key=lambda item: -item[1]):
        per_update = seconds_per_update(key, data)
        rows.append({
            "model": key[0], "batch_size": key[1], "optimizer": key[2], "augmented": key[3],
            "updates": updates, "us_per_update": 1e6 * per_update,
            "seconds": updates * per_update,
        })  # fmt: skip
    floor = sum(row["seconds"] for row in rows)
    budget = 60 * args.budget_min * args.cores
    summary = {"updates_s": round(floor, 1), "budget_s": budget, "share": round(floor / budget, 3)}
    if args.json:
        print(json.dumps({"rows": rows, **summary}))
        return
    print(f"{'model':22s} {'B':>3s} {'optimizer':9s} {'aug':>3s} {'updates':>10s} "
          f"{'us/update':>9s} {'s':>7s}")  # fmt: skip
    for row in rows:
        print(
            f"{row['model']:22s} {row['batch_size']:3d} {row['optimizer']:9s} "
            f"{'yes' if row['augmented'] else 'no':>3s} {row['updates']:10d} "
            f"{row['us_per_update']:9.1f} {row['seconds']:7.0f}"
        )
    print(
        f"SGD updates alone: {floor:.0f} s of one core's time; {args.cores} cores x "
        f"{args.budget_min:g} min = {budget:.0f} s: {100 * floor / budget:.0f}% of the budget"
    )


if __name__ == "__main__":
    main()
