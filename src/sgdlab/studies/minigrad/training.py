"""003 questions 9-10: MLPs trained with minigrad on a synthetic set and on FashionMNIST.

One run is one (dataset, variant, learning rate, seed): the variant's overrides of the base
settings (activation, hidden widths, residual links, initialization, momentum), a rate, and
the seed, which fixes the initial weights and the minibatch order. Each data set has three
splits: training, validation (to choose the rate, see ``tuning``) and a held-out test split
(for the reported accuracy). Both accuracies are logged before training and after every
epoch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sgdlab.minigrad import Node
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.modules import SGD, MinigradMLP, MLPSettings
from sgdlab.pipeline.fashion_mnist import load_split
from sgdlab.pipeline.subsample import Subsample

DATASETS = ("synthetic", "fashion")


@dataclass(frozen=True)
class Data:
    """Training, validation and test inputs (float64, standardized) and integer labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


@dataclass(frozen=True)
class VariantSettings:
    """Network and optimizer of one variant's runs (base settings with its overrides)."""

    hidden: tuple[int, ...]
    activation: str
    residual: bool
    init: str
    lr: float
    momentum: float
    batch_size: int
    epochs: int

    @classmethod
    def from_config(cls, base: dict[str, Any], overrides: dict[str, Any]) -> VariantSettings:
        """Base settings (``minigrad.training.base``, epochs, lr) with a variant's overrides."""
        unknown = set(overrides) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(
                f"variant overrides unknown settings {sorted(unknown)}; "
                f"fix: use only {sorted(cls.__dataclass_fields__)}"
            )
        merged = {k: base[k] for k in cls.__dataclass_fields__} | overrides
        return cls(**{**merged, "hidden": tuple(merged["hidden"])})


def synthetic(train: int, validation: int, test: int, seed: int) -> Data:
    """Two classes in the plane: inside or outside the circle of radius sqrt(2 ln 2).

    Inputs are standard normal, so the radius (the median of |x|) balances the classes,
    and no linear boundary separates them: a hidden layer is needed. The three splits are
    consecutive draws of one seeded generator.
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((train + validation + test, 2))
    y = ((x**2).sum(axis=1) > 2 * np.log(2)).astype(np.int64)
    val_end = train + validation
    return Data(x[:train], y[:train], x[train:val_end], y[train:val_end], x[val_end:], y[val_end:])


def _standardized(split: Any, index: np.ndarray, sub: Subsample) -> tuple[np.ndarray, np.ndarray]:
    """Images ``index`` of a split as float64 rows, standardized by the subsample's statistics."""
    images = split.images.numpy()[index].reshape(len(index), -1).astype(np.float64) / 255.0
    return (images - sub.mean) / sub.std, split.labels.numpy()[index]


def fashion(data_dir: Path, sub: Subsample, train: int, validation: int, test: int) -> Data:
    """Training and validation images from the verified subsample, test images from the test split.

    The first ``train`` and last ``validation`` images of the subsample, and the first
    ``test`` images of FashionMNIST's test split (never seen in training or tuning).
    """
    if train + validation > len(sub.indices):
        raise ValueError(
            f"train + validation = {train + validation} exceeds the subsample's "
            f"{len(sub.indices)} images; fix: lower minigrad.training.fashion sizes"
        )
    x, y = _standardized(load_split(data_dir, train=True), np.asarray(sub.indices), sub)
    x_test, y_test = _standardized(load_split(data_dir, train=False), np.arange(test), sub)
    return Data(x[:train], y[:train], x[-validation:], y[-validation:], x_test, y_test)


def accuracy(model: MinigradMLP, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of rows whose largest logit is the label."""
    return float((model(Node(x, requires_grad=False)).value.argmax(axis=1) == y).mean())


def train(data: Data, settings: VariantSettings, seed: int) -> pd.DataFrame:
    """Train one MLP by minibatch SGD; one row per epoch (0 = before training)."""
    rng = np.random.default_rng(seed)
    classes = int(max(data.y_train.max(), data.y_val.max())) + 1
    network = MLPSettings(
        data.x_train.shape[1],
        settings.hidden,
        classes,
        settings.activation,
        settings.residual,
        settings.init,
    )
    model = MinigradMLP(network, rng)
    optimizer = SGD(model.parameters(), settings.lr, settings.momentum)
    n = len(data.y_train)
    rows = [{"epoch": 0, "train_loss": np.nan, **_accuracies(model, data)}]
    # A rate too large for a variant overflows; its run is kept (and loses the tuning).
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(1, settings.epochs + 1):
            order = rng.permutation(n)
            losses = []
            for start in range(0, n, settings.batch_size):
                batch = order[start : start + settings.batch_size]
                optimizer.zero_grad()
                inputs = Node(data.x_train[batch], requires_grad=False)
                loss = F.cross_entropy(model(inputs), data.y_train[batch])
                loss.backward()
                optimizer.step()
                losses.append(float(loss.value))
            rows.append(
                {"epoch": epoch, "train_loss": float(np.mean(losses)), **_accuracies(model, data)}
            )
    return pd.DataFrame(rows)


def _accuracies(model: MinigradMLP, data: Data) -> dict[str, float]:
    """Validation and test accuracy of the model as it is now."""
    return {
        "val_accuracy": accuracy(model, data.x_val, data.y_val),
        "test_accuracy": accuracy(model, data.x_test, data.y_test),
    }


def variant_settings(
    base: dict[str, Any], sizes: dict[str, Any], overrides: dict[str, Any]
) -> VariantSettings:
    """A variant's settings: the base, the data set's epochs and starting lr, its overrides."""
    return VariantSettings.from_config(
        {**base, "epochs": sizes["epochs"], "lr": sizes["lr"]}, overrides
    )


def load_data(
    dataset: str,
    sizes: dict[str, Any],
    data_dir: Path | None = None,
    subsample: Subsample | None = None,
) -> Data:
    """The synthetic set, or the FashionMNIST subsample, of ``sizes`` (train, validation, ...)."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; fix: use one of {DATASETS}")
    if dataset == "synthetic":
        return synthetic(sizes["train"], sizes["validation"], sizes["test"], sizes["data_seed"])
    return fashion(Path(data_dir), subsample, sizes["train"], sizes["validation"], sizes["test"])
