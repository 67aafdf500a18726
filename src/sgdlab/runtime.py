"""Device choice and thread count of a job."""

from __future__ import annotations

import os

import torch

DEVICES = ("auto", "cpu", "cuda")


def resolve_device(name: str) -> torch.device:
    """Map the config's ``device`` (auto, cpu, cuda) to a torch device; auto prefers CUDA."""
    if name not in DEVICES:
        raise ValueError(f"config key device must be one of {DEVICES}, got {name!r}")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            "config key device is 'cuda' but no CUDA device is visible to this job. "
            "Fix: set device to 'auto' or 'cpu', or run the job on a GPU node."
        )
    return torch.device(name)


def configure_threads(threads: int) -> None:
    """Use exactly the threads the rule declared, for intra- and inter-op parallelism."""
    torch.set_num_threads(max(1, threads))


def export_library_path(src: str) -> None:
    """Put ``src`` first on PYTHONPATH, so job scripts import this library in any env."""
    current = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if src not in current:
        os.environ["PYTHONPATH"] = os.pathsep.join([src, *current])
