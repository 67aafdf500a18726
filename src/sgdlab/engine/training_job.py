"""One configuration's replicate seeds as a pipeline job: spec from rule params, outputs last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import torch

from sgdlab.engine.device_data import load_device_data
from sgdlab.engine.optimizers import OptimizerSpec
from sgdlab.engine.training import RunResult, RunSpec, train_replicates
from sgdlab.engine.transforms import Augmentation
from sgdlab.pipeline.files import read_json, write_csv, write_json
from sgdlab.pipeline.subsample import Subsample

CHECKPOINT_NAME = "checkpoint.pt"


def spec_from_params(params: dict[str, Any], lr: float = 0.0, seed: int = 0) -> RunSpec:
    """Build a RunSpec from a rule's plain-dict params (its seeds and rates come separately)."""
    fields = dict(params)
    for key in ("train_aug", "tta_aug"):
        if fields.get(key) is not None:
            fields[key] = Augmentation(**fields[key])
    fields["hidden"] = tuple(fields.get("hidden", ()))
    if isinstance(fields.get("optimizer"), dict):
        options = dict(fields["optimizer"])
        if "betas" in options:
            options["betas"] = tuple(options["betas"])
        fields["optimizer"] = OptimizerSpec(**options)
    return RunSpec(lr=lr, seed=seed, **fields)


def replicate_rates(search: dict[str, Any], seeds: list[int], lr_factor: float) -> list[float]:
    """Each seed's training rate: ``lr_factor`` times its own divergent rate from ``search``."""
    divergent = dict(zip(search["seeds"], search["divergent_lr"], strict=True))
    missing = [seed for seed in seeds if seed not in divergent]
    if missing:
        raise ValueError(
            f"the learning-rate search has no result for seeds {missing} (it has "
            f"{search['seeds']}); delete it so that it reruns for the configured seeds"
        )
    return [lr_factor * divergent[seed] for seed in seeds]


def metrics_frame(results: list[RunResult], identifiers: dict[str, Any]) -> pd.DataFrame:
    """The replicates' rows as one tidy table, identifiers first, ``wall_time_s`` last.

    Each replicate's rows carry its ``seed``, ``lr`` and ``status`` after the identifiers.
    """
    frames = []
    for result in results:
        frame = pd.DataFrame(result.rows)
        fixed = {**identifiers, "seed": result.seed, "lr": result.lr, "status": result.status}
        for position, (key, value) in enumerate(fixed.items()):
            frame.insert(position, key, value)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def run_job(
    template: RunSpec,
    seeds: list[int],
    lrs: list[float],
    data_dir: Path,
    subsample_path: Path,
    device: torch.device,
    identifiers: dict[str, Any],
    metrics_path: Path,
    summary_path: Path,
    checkpoint_every_passes: float,
) -> list[RunResult]:
    """Train every seed (resuming from the run directory's checkpoint); write metrics, summary.

    The checkpoint lives beside the declared outputs but is not one of them, so Snakemake
    does not delete it when the job fails or is killed.
    """
    subsample = Subsample(**read_json(subsample_path))
    data = load_device_data(data_dir, subsample, device)
    results = train_replicates(
        template,
        seeds,
        lrs,
        data,
        checkpoint_path=Path(metrics_path).parent / CHECKPOINT_NAME,
        checkpoint_every_passes=checkpoint_every_passes,
    )
    write_csv(metrics_path, metrics_frame(results, identifiers))
    replicates = [
        {
            "seed": result.seed,
            "lr": result.lr,
            "status": result.status,
            "updates": result.updates,
            "passes": result.rows[-1]["passes"],
            "diverged_at_update": result.diverged_at_update,
            "final": result.rows[-1],
        }
        for result in results
    ]
    write_json(
        summary_path,
        {
            **identifiers,
            "replicates": replicates,
            "device": str(device),
            "threads": torch.get_num_threads(),
        },
    )
    return results
