"""What every rule script needs: its log file, its threads and its device."""

from __future__ import annotations

import contextlib
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import torch

from sgdlab.runtime import configure_threads, resolve_device


@contextlib.contextmanager
def job(log_path: str | Path, threads: int = 1, device: str = "cpu") -> Iterator[torch.device]:
    """Send the job's output to its log, use its declared threads, yield its device.

    An exception is written to the log and to the terminal, then re-raised, so Snakemake
    marks the job failed and the user sees the reason without opening the log.
    """
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    terminal = sys.stderr
    with open(log_path, "w", buffering=1) as log, contextlib.redirect_stdout(log):
        with contextlib.redirect_stderr(log):
            try:
                configure_threads(threads)
                yield resolve_device(device)
            except Exception as err:
                traceback.print_exc()
                print(f"\nERROR: {err}", file=terminal)
                raise
