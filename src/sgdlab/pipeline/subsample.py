"""The seeded training subsample (10% of FashionMNIST's training set in the documents)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from sgdlab.pipeline.fashion_mnist import Split, load_split


@dataclass(frozen=True)
class Subsample:
    """Indices into the training split, their class counts and normalization statistics.

    ``mean`` and ``std`` are scalar pixel statistics of the subsample on the [0, 1] scale;
    the test set is normalized with them too, so no test information leaks into training.
    ``test_images`` is how much of the test set every study evaluates on: its first
    ``test_images`` images, or all of it at 0 (a quick run's smaller test set).
    """

    seed: int
    fraction: float
    indices: list[int]
    class_counts: list[int]
    mean: float
    std: float
    test_images: int = 0

    def to_dict(self) -> dict:
        """Plain-JSON form of the subsample."""
        return asdict(self)


def draw_subsample(
    images: torch.Tensor, labels: torch.Tensor, fraction: float, seed: int, test_images: int = 0
) -> Subsample:
    """Draw ``round(fraction * N)`` training examples without replacement, seeded.

    The indices are sorted so the stored subsample reads in dataset order; the training
    loop draws its own seeded order.
    """
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"data.subsample_fraction must lie in (0, 1], got {fraction}")
    if test_images < 0:
        raise ValueError(
            f"data.test_images must be >= 0 (0: the whole test set), got {test_images}"
        )
    total = labels.shape[0]
    size = round(fraction * total)
    generator = torch.Generator().manual_seed(seed)
    indices = torch.randperm(total, generator=generator)[:size].sort().values
    chosen = images[indices].double() / 255.0
    counts = torch.bincount(labels[indices], minlength=10)
    return Subsample(
        seed=seed,
        fraction=fraction,
        indices=indices.tolist(),
        class_counts=counts.tolist(),
        mean=float(chosen.mean()),
        std=float(chosen.std()),
        test_images=test_images,
    )


def load_test_split(data_dir: Path, subsample: Subsample) -> Split:
    """The test images every study evaluates on: the first ``subsample.test_images`` or all."""
    test = load_split(data_dir, train=False)
    available = test.labels.shape[0]
    if subsample.test_images > available:
        raise ValueError(
            f"data.test_images is {subsample.test_images} but the test set has {available} "
            "images; set it to at most that (0: the whole test set)"
        )
    keep = subsample.test_images or available
    return Split(test.images[:keep], test.labels[:keep])
