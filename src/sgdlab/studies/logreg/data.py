"""Standardized FashionMNIST features, class pairs, and the linear-separability check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from scipy.optimize import linprog

from sgdlab.pipeline.fashion_mnist import load_split
from sgdlab.pipeline.subsample import Subsample, load_test_split

N_CLASSES = 10


@dataclass(frozen=True)
class Features:
    """Training and test features (N, D) in float64 with their integer class labels."""

    train_x: torch.Tensor
    train_labels: torch.Tensor
    test_x: torch.Tensor
    test_labels: torch.Tensor


@dataclass(frozen=True)
class BinaryProblem:
    """A two-class problem with y in {-1, +1} (+1 = the first class) and its description."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor
    description: str


def _standardized(images: torch.Tensor, subsample: Subsample, device: torch.device) -> torch.Tensor:
    """Flattened pixels in [0, 1], standardized with the subsample's mean and std, float64."""
    pixels = images.reshape(images.shape[0], -1).double() / 255.0
    return ((pixels - subsample.mean) / subsample.std).to(device)


def load_training(
    data_dir: Path, subsample: Subsample, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """Standardized features (N, D) of the training subsample and their class labels."""
    train = load_split(data_dir, train=True)
    index = torch.tensor(subsample.indices)
    return _standardized(train.images[index], subsample, device), train.labels[index].to(device)


def load_features(data_dir: Path, subsample: Subsample, device: torch.device) -> Features:
    """Flattened pixels of the training subsample and the test set, standardized.

    The pixel mean and standard deviation are the subsample's (training statistics only);
    the test set is the one every study evaluates on (``data.test_images``).
    """
    train_x, train_labels = load_training(data_dir, subsample, device)
    test = load_test_split(data_dir, subsample)
    test_x = _standardized(test.images, subsample, device)
    return Features(train_x, train_labels, test_x, test.labels.to(device))


def pair_description(pair: tuple[int, int]) -> str:
    """How a figure title names the data of a class pair."""
    return f"FashionMNIST classes {pair[0]} vs {pair[1]}"


def select_pair(
    x: torch.Tensor, labels: torch.Tensor, pair: tuple[int, int]
) -> tuple[torch.Tensor, torch.Tensor]:
    """The rows of two classes, labelled +1 (first class) and -1 (second class)."""
    first, second = pair
    if first == second or not all(0 <= c < N_CLASSES for c in pair):
        raise ValueError(f"a logreg class pair needs two different classes in 0-9, got {pair}")
    mask = (labels == first) | (labels == second)
    return x[mask], torch.where(labels[mask] == first, 1.0, -1.0).to(x.dtype)


def binary_problem(features: Features, pair: tuple[int, int]) -> BinaryProblem:
    """The training and test images of two classes, labelled +1 (first) and -1 (second)."""
    train_x, train_y = select_pair(features.train_x, features.train_labels, pair)
    test_x, test_y = select_pair(features.test_x, features.test_labels, pair)
    return BinaryProblem(train_x, train_y, test_x, test_y, pair_description(pair))


def separable_training_set(
    x: torch.Tensor,
    labels: torch.Tensor,
    pair: tuple[int, int],
    separable: bool,
    synthetic: dict,
    device: torch.device,
) -> tuple[torch.Tensor, torch.Tensor, str]:
    """The pair's training set when the LP found it separable, else the seeded synthetic one.

    Returns features, labels in {-1, +1} and the description figure titles show.
    """
    if separable:
        return (*select_pair(x, labels, pair), pair_description(pair))
    problem = synthetic_separable(
        synthetic["n"], synthetic["dim"], synthetic["margin"], synthetic["seed"], device
    )
    return problem.train_x, problem.train_y, problem.description


def synthetic_separable(
    n: int, dim: int, margin: float, seed: int, device: torch.device
) -> BinaryProblem:
    """Seeded Gaussian points labelled by a random hyperplane, those within ``margin`` dropped.

    The fallback when no FashionMNIST pair is separable: separable by construction.
    """
    generator = torch.Generator().manual_seed(seed)
    normal = torch.randn(dim, generator=generator, dtype=torch.float64)
    normal /= normal.norm()
    points = torch.randn(4 * n, dim, generator=generator, dtype=torch.float64)
    scores = points @ normal
    kept = scores.abs() >= margin
    x, y = points[kept], torch.sign(scores[kept])
    half = x.shape[0] // 2
    return BinaryProblem(
        x[:half].to(device),
        y[:half].to(device),
        x[half:].to(device),
        y[half:].to(device),
        f"synthetic separable set (seed {seed}, margin {margin})",
    )


def separability(x: torch.Tensor, y: torch.Tensor) -> dict:
    """Hard-margin LP feasibility: a w with y_j <w, x_j> >= 1 for every j (no bias).

    Feasibility is exactly strict linear separability through the origin. The LP's w is
    checked independently: its smallest margin y_j <w, x_j> is reported.
    """
    xs = (y[:, None] * x).cpu().numpy()
    result = linprog(
        np.zeros(xs.shape[1]),
        A_ub=-xs,
        b_ub=-np.ones(xs.shape[0]),
        bounds=[(None, None)] * xs.shape[1],
        method="highs",
    )
    separable = result.status == 0
    margin = float((xs @ result.x).min()) if separable else None
    return {
        "separable": bool(separable and margin > 0),
        "lp_status": result.message,
        "min_margin_of_lp_solution": margin,
        "n_train": int(xs.shape[0]),
    }
