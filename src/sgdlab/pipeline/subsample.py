"""The seeded training subsample (10% of FashionMNIST's training set in the documents)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch


@dataclass(frozen=True)
class Subsample:
    """Indices into the training split, their class counts and normalization statistics.

    ``mean`` and ``std`` are scalar pixel statistics of the subsample on the [0, 1] scale;
    the test set is normalized with them too, so no test information leaks into training.
    """

    seed: int
    fraction: float
    indices: list[int]
    class_counts: list[int]
    mean: float
    std: float

    def to_dict(self) -> dict:
        """Plain-JSON form of the subsample."""
        return asdict(self)


def draw_subsample(
    images: torch.Tensor, labels: torch.Tensor, fraction: float, seed: int
) -> Subsample:
    """Draw ``round(fraction * N)`` training examples without replacement, seeded.

    The indices are sorted so the stored subsample reads in dataset order; the training
    loop draws its own seeded order.
    """
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"data.subsample_fraction must lie in (0, 1], got {fraction}")
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
    )
