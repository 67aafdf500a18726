"""Shared fixtures: the real FashionMNIST files and small synthetic device data."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from sgdlab.engine.device_data import DeviceData
from sgdlab.pipeline.fashion_mnist import DEBIAN_DIR, FILENAMES

ROOT = Path(__file__).resolve().parents[1]


QUICK = ("--configfile", "presets/quick.yaml")


@pytest.fixture(scope="session")
def quick_run(tmp_path_factory: pytest.TempPathFactory, fashion_dir: Path) -> Path:
    """A project copy in which the quick preset ran to the end locally (shared by tests)."""
    from tests.workflow.helpers import copy_project, snakemake

    project = copy_project(tmp_path_factory.mktemp("quick"))
    run = snakemake(project, *QUICK)
    assert run.returncode == 0, run.stderr[-5000:]
    return project


@pytest.fixture(scope="session")
def fashion_dir() -> Path:
    """Directory with the four published files (Debian's package, installed by make setup)."""
    if not all((DEBIAN_DIR / name).is_file() for name in FILENAMES):
        pytest.skip(f"{DEBIAN_DIR} missing: install Debian package dataset-fashion-mnist")
    return DEBIAN_DIR


def synthetic_data(n: int = 256, n_test: int = 128, seed: int = 0) -> DeviceData:
    """Learnable random images: each class has its own mean pattern plus noise."""
    g = torch.Generator().manual_seed(seed)
    patterns = torch.rand(10, 1, 28, 28, generator=g)

    def split(size: int) -> tuple[torch.Tensor, torch.Tensor]:
        y = torch.randint(10, (size,), generator=g)
        x = (patterns[y] + 0.3 * torch.rand(size, 1, 28, 28, generator=g)).clamp(0, 1)
        return x, y

    train_x, train_y = split(n)
    test_x, test_y = split(n_test)
    return DeviceData(train_x, train_y, test_x, test_y, mean=0.5, std=0.3)
