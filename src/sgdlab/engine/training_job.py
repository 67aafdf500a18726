"""One training run as a pipeline job: spec from rule params, outputs written last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import torch

from sgdlab.engine.device_data import load_device_data
from sgdlab.engine.optimizers import OptimizerSpec
from sgdlab.engine.training import RunResult, RunSpec, train
from sgdlab.engine.transforms import Augmentation
from sgdlab.pipeline.files import read_json, write_csv, write_json
from sgdlab.pipeline.subsample import Subsample

CHECKPOINT_NAME = "checkpoint.pt"


def spec_from_params(params: dict[str, Any], lr: float) -> RunSpec:
    """Build a RunSpec from a rule's plain-dict params and the learning rate to train at."""
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
    return RunSpec(lr=lr, **fields)


def metrics_frame(result: RunResult, identifiers: dict[str, Any]) -> pd.DataFrame:
    """The run's rows as a tidy table, identifiers first, ``wall_time_s`` last."""
    frame = pd.DataFrame(result.rows)
    for position, (key, value) in enumerate(identifiers.items()):
        frame.insert(position, key, value)
    frame.insert(len(identifiers), "status", result.status)
    return frame


def run_job(
    spec: RunSpec,
    data_dir: Path,
    subsample_path: Path,
    device: torch.device,
    identifiers: dict[str, Any],
    metrics_path: Path,
    summary_path: Path,
    checkpoint_every_passes: float,
) -> RunResult:
    """Train (resuming from the run directory's checkpoint) and write metrics and summary.

    The checkpoint lives beside the declared outputs but is not one of them, so Snakemake
    does not delete it when the job fails or is killed.
    """
    subsample = Subsample(**read_json(subsample_path))
    data = load_device_data(data_dir, subsample, device)
    result = train(
        spec,
        data,
        checkpoint_path=Path(metrics_path).parent / CHECKPOINT_NAME,
        checkpoint_every_passes=checkpoint_every_passes,
    )
    write_csv(metrics_path, metrics_frame(result, identifiers))
    final = result.rows[-1]
    write_json(
        summary_path,
        {
            **identifiers,
            "status": result.status,
            "updates": result.updates,
            "passes": final["passes"],
            "diverged_at_update": result.diverged_at_update,
            "final": final,
            "device": str(device),
            "threads": torch.get_num_threads(),
        },
    )
    return result
