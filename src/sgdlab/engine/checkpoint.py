"""Atomic checkpoints that load with ``torch.load(weights_only=True)``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch


class CheckpointError(RuntimeError):
    """A checkpoint exists but cannot be read (truncated or corrupted)."""


def save_atomic(state: dict[str, Any], path: Path) -> None:
    """Write ``state`` to a temporary file, flush it to disk, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        torch.save(state, handle)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def load(path: Path) -> dict[str, Any] | None:
    """Load a checkpoint with ``weights_only=True``; None when there is none.

    A file that exists but does not load raises CheckpointError instead of silently
    restarting from scratch, so that no computed work is thrown away unnoticed.
    """
    if not path.exists():
        return None
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # torch raises several types for damaged zip archives
        raise CheckpointError(
            f"checkpoint {path} exists but cannot be read ({type(err).__name__}: {err}). "
            "It is truncated or corrupted. Fix: delete it to restart this run from scratch "
            "(the run's other outputs are kept)."
        ) from err
