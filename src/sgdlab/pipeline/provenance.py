"""What produced a result: code version, configuration, packages, machine and data."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import torch

PACKAGES = ("torch", "torchvision", "numpy", "pandas", "matplotlib", "seaborn", "snakemake")


def _git(repo: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def git_state(repo: Path) -> dict[str, Any]:
    """Commit of the workflow's checkout and whether it has uncommitted changes."""
    commit = _git(repo, "rev-parse", "HEAD")
    status = _git(repo, "status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def config_hash(config: dict[str, Any]) -> str:
    """SHA-256 of the resolved configuration (keys sorted), to compare runs at a glance."""
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else what ``platform`` reports."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def machine(device: torch.device) -> dict[str, Any]:
    """Device, CPU and GPU models and thread counts of the process that calls this."""
    gpus = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return {
        "device": str(device),
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "gpu_models": gpus,
        "cuda": torch.version.cuda,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def package_versions() -> dict[str, str | None]:
    """Installed versions of the packages that shape the results."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def file_md5s(paths: list[Path]) -> dict[str, str]:
    """MD5 of each file, keyed by file name."""
    return {
        Path(p).name: hashlib.md5(Path(p).read_bytes(), usedforsecurity=False).hexdigest()
        for p in paths
    }


def collect(
    repo: Path, settings: dict[str, Any], data_files: list[Path], device: torch.device
) -> dict[str, Any]:
    """Provenance record: git state, settings and their hash, packages, machine, data MD5s."""
    return {
        "git": git_state(repo),
        "config_sha256": config_hash(settings),
        "config": settings,
        "packages": package_versions(),
        "machine": machine(device),
        "dataset_md5": file_md5s(data_files),
    }
