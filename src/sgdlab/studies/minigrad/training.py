"""003 questions 9-10: MLPs trained with minigrad on a synthetic set and on FashionMNIST.

One run is one (dataset, variant, seed): the variant's overrides of the base settings
(activation, hidden widths, residual links, initialization, momentum) and the seed, which
fixes the initial weights and the minibatch order. Validation accuracy is logged before
training and after every epoch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from sgdlab.minigrad import Node
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.modules import SGD, MinigradMLP, MLPSettings
from sgdlab.pipeline.fashion_mnist import load_split
from sgdlab.pipeline.statistics import mean_interval
from sgdlab.pipeline.subsample import Subsample

DATASETS = ("synthetic", "fashion")


@dataclass(frozen=True)
class Data:
    """Training and validation inputs (float64, standardized) and integer labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray


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


def synthetic(train: int, validation: int, seed: int) -> Data:
    """Two classes in the plane: inside or outside the circle of radius sqrt(2 ln 2).

    Inputs are standard normal, so the radius (the median of |x|) balances the classes,
    and no linear boundary separates them: a hidden layer is needed.
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((train + validation, 2))
    y = ((x**2).sum(axis=1) > 2 * np.log(2)).astype(np.int64)
    return Data(x[:train], y[:train], x[train:], y[train:])


def fashion(data_dir: Path, sub: Subsample, train: int, validation: int) -> Data:
    """The first ``train`` and last ``validation`` images of the verified subsample."""
    if train + validation > len(sub.indices):
        raise ValueError(
            f"train + validation = {train + validation} exceeds the subsample's "
            f"{len(sub.indices)} images; fix: lower minigrad.training.fashion sizes"
        )
    split = load_split(data_dir, train=True)
    index = np.asarray(sub.indices)
    images = split.images.numpy()[index].reshape(len(index), -1).astype(np.float64) / 255.0
    x = (images - sub.mean) / sub.std
    y = split.labels.numpy()[index]
    return Data(x[:train], y[:train], x[-validation:], y[-validation:])


def accuracy(model: MinigradMLP, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of rows whose largest logit is the label."""
    return float((model(Node(x)).value.argmax(axis=1) == y).mean())


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
    rows = [
        {"epoch": 0, "train_loss": np.nan, "val_accuracy": accuracy(model, data.x_val, data.y_val)}
    ]
    for epoch in range(1, settings.epochs + 1):
        order = rng.permutation(n)
        losses = []
        for start in range(0, n, settings.batch_size):
            batch = order[start : start + settings.batch_size]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(Node(data.x_train[batch])), data.y_train[batch])
            loss.backward()
            optimizer.step()
            losses.append(float(loss.value))
        rows.append(
            {
                "epoch": epoch,
                "train_loss": float(np.mean(losses)),
                "val_accuracy": accuracy(model, data.x_val, data.y_val),
            }
        )
    return pd.DataFrame(rows)


def variant_settings(
    base: dict[str, Any], sizes: dict[str, Any], overrides: dict[str, Any]
) -> VariantSettings:
    """A variant's settings: the base, the data set's epochs and lr, the variant's overrides."""
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
        return synthetic(sizes["train"], sizes["validation"], sizes["data_seed"])
    return fashion(Path(data_dir), subsample, sizes["train"], sizes["validation"])


def run(
    dataset: str, variant: str, data: Data, settings: VariantSettings, seeds: list[int]
) -> pd.DataFrame:
    """One configuration's runs, one per seed, on data built once for all of them.

    Each seed's run is what it would be alone.
    """
    runs = []
    for seed in seeds:
        with threadpool_limits(limits=1):  # one core per job, as the rule declares
            metrics = train(data, settings, seed)
        metrics.insert(0, "seed", seed)
        runs.append(metrics)
    metrics = pd.concat(runs, ignore_index=True)
    metrics.insert(0, "variant", variant)
    metrics.insert(0, "dataset", dataset)
    return metrics


def final_table(metrics: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Final validation accuracy per dataset and variant: mean, sd, 95% t-CI, n, vs baseline."""
    last = metrics[
        metrics["epoch"] == metrics.groupby(["dataset", "variant"])["epoch"].transform("max")
    ]
    table = (
        last.groupby(["dataset", "variant"], sort=False)["val_accuracy"]
        .agg(
            final_val_accuracy_mean="mean",
            final_val_accuracy_sd="std",
            final_val_accuracy_ci_low=lambda v: mean_interval(v.tolist()).low,
            final_val_accuracy_ci_high=lambda v: mean_interval(v.tolist()).high,
            seeds="count",
        )
        .reset_index()
    )
    base = table[table["variant"] == baseline].set_index("dataset")["final_val_accuracy_mean"]
    table["change_vs_" + baseline] = table["final_val_accuracy_mean"] - table["dataset"].map(base)
    return table
