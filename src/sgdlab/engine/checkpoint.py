"""Checkpoints of a batch of replicates: atomic, weights-only, resumed only by their own batch.

``BatchCheckpoint`` is what the training loop sees: it restores the replicates from a
checkpoint written with the same settings and code (the batch fingerprint) and saves
them at log points; ``save_atomic`` and ``load`` are the file operations underneath.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from sgdlab.engine.replicas import Replica


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


class BatchCheckpoint:
    """The checkpoint file of one batch of replicates (or none), restored and saved by the loop.

    With a path the whole batch's state is saved at log points at least ``every_updates``
    apart and at the end; started again with the same settings and code, the batch
    continues exactly where the last save left it.
    """

    def __init__(
        self, path: Path | None, fingerprint: str, every_updates: int, log: Callable[[str], None]
    ) -> None:
        """Checkpoint to ``path`` (None: never) the batch whose fingerprint is ``fingerprint``."""
        self.path, self.fingerprint, self.log = path, fingerprint, log
        self.every_updates = every_updates
        self.last_saved = 0

    def restore(self, replicas: list[Replica]) -> tuple[int, float]:
        """Load the replicas' states if this batch has a checkpoint; its updates and seconds.

        A checkpoint of other settings or code is ignored (the batch starts from scratch,
        returning 0 updates and 0 seconds).
        """
        saved = load(self.path) if self.path else None
        if saved is not None and saved.get("fingerprint") != self.fingerprint:
            self.log(f"{self.path} belongs to other settings or code; starting from scratch")
            saved = None
        if saved is None:
            return 0, 0.0
        for replica, state in zip(replicas, saved["replicas"], strict=True):
            replica.load_state(state)
        self.last_saved = saved["updates"]
        self.log(f"resumed from {self.path} at update {self.last_saved}")
        return saved["updates"], saved["elapsed"]

    def save_if_due(
        self, replicas: list[Replica], updates: int, elapsed: float, done: bool
    ) -> None:
        """Save the batch at update ``updates`` when it is done or the interval has passed."""
        if self.path and (done or updates - self.last_saved >= self.every_updates):
            state = {
                "fingerprint": self.fingerprint,
                "replicas": [replica.state() for replica in replicas],
                "updates": updates,
                "elapsed": elapsed,
            }
            save_atomic(state, self.path)
            self.last_saved = updates
