"""Training runs of the pipeline: engine settings from a rule's params, outputs of its groups.

The glue between a ``*_train`` or ``lr_search`` rule and the engine: the rule's plain-dict
params become ``RunSettings`` (``settings_from_params``), each seed's rate comes from the
learning-rate search (``replicate_rates``), and ``train_groups`` trains every group of
replicates of a job in one batch and writes each group's metrics table and summary.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import torch

from sgdlab.engine.device_data import load_device_data
from sgdlab.engine.optimizers import OptimizerSettings
from sgdlab.engine.replicas import RunResult
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train_replicates
from sgdlab.engine.transforms import Augmentation
from sgdlab.pipeline.files import read_json, write_csv, write_json
from sgdlab.pipeline.subsample import Subsample

CHECKPOINT_NAME = "checkpoint.pt"


def settings_from_params(params: dict[str, Any], lr: float = 0.0, seed: int = 0) -> RunSettings:
    """The ``RunSettings`` of a rule's plain-dict params (its seeds and rates come separately)."""
    fields = dict(params)
    for key in ("train_aug", "tta_aug"):
        if fields.get(key) is not None:
            fields[key] = Augmentation(**fields[key])
    fields["hidden"] = tuple(fields.get("hidden", ()))
    if isinstance(fields.get("optimizer"), dict):
        options = dict(fields["optimizer"])
        if "betas" in options:
            options["betas"] = tuple(options["betas"])
        fields["optimizer"] = OptimizerSettings(**options)
    return RunSettings(lr=lr, seed=seed, **fields)


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


@dataclass(frozen=True)
class ReplicateGroup:
    """Replicates of one configuration in a job: identifiers, seeds, rates and output files.

    ``settings`` may give the group its own budget and stop at interpolation (the engine's
    ``GROUP_FIELDS``) in place of the job's.
    """

    identifiers: dict[str, Any]
    seeds: list[int]
    lrs: list[float]
    metrics_path: Path
    summary_path: Path
    settings: dict[str, Any] = field(default_factory=dict)


def per_group(value: Any) -> list[Any]:
    """A rule's value for every group: a list as it is, a single value as a list of one."""
    return [value] if isinstance(value, str | dict | int | float) else list(value)


def run_directory(groups: list[ReplicateGroup]) -> Path:
    """The directory that holds every group's outputs, where the job's checkpoint lives."""
    return Path(os.path.commonpath([group.metrics_path.parent for group in groups]))


def train_groups(
    template: RunSettings,
    groups: list[ReplicateGroup],
    data_dir: Path,
    subsample_path: Path,
    device: torch.device,
    checkpoint_every_passes: float,
) -> list[RunResult]:
    """Train every group's replicates in one batch (resuming from the job's checkpoint).

    Writes each group's metrics and summary. The checkpoint lives beside the declared
    outputs (in their common directory) but is not one of them, so Snakemake does not
    delete it when the job fails or is killed.
    """
    subsample = Subsample(**read_json(subsample_path))
    data = load_device_data(data_dir, subsample, device)
    results = train_replicates(
        template,
        [seed for group in groups for seed in group.seeds],
        [lr for group in groups for lr in group.lrs],
        data,
        checkpoint_path=run_directory(groups) / CHECKPOINT_NAME,
        checkpoint_every_passes=checkpoint_every_passes,
        overrides=[group.settings for group in groups for _ in group.seeds],
    )
    start = 0
    for group in groups:
        group_results = results[start : start + len(group.seeds)]
        start += len(group.seeds)
        write_csv(group.metrics_path, metrics_frame(group_results, group.identifiers))
        write_json(group.summary_path, group_summary(group_results, group.identifiers, device))
    return results


def group_summary(
    results: list[RunResult], identifiers: dict[str, Any], device: torch.device
) -> dict:
    """How each replicate of a group ended, with its final metrics row."""
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
    return {
        **identifiers,
        "replicates": replicates,
        "device": str(device),
        "threads": torch.get_num_threads(),
    }
