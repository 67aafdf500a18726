"""000 section 1.4, measured: whether SGD can train a classifier through the step function.

Two classes of the FashionMNIST subsample, a linear score w.x + b, the same seeded
initialization and minibatches twice: once minimizing the 0/1 loss phi(-y (w.x + b))
(written with ``programs.step``, whose derivative is 0 everywhere), once the logistic loss.
A third run repeats the logistic one with ``nn.Linear``, ``torch.optim.SGD`` and
``binary_cross_entropy_with_logits``: an independent implementation of the same training,
whose final accuracy checks the logistic run's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import torch
import torch.nn.functional as F

from sgdlab.pipeline.fashion_mnist import load_split
from sgdlab.pipeline.subsample import Subsample
from sgdlab.studies.autodiff.programs import step

LOSSES = ("step", "logistic")
REFERENCE = "logistic_reference"


@dataclass(frozen=True)
class StepTrainingSettings:
    """Classes (negative, positive), learning rate, batch size, updates, log interval, seed."""

    classes: tuple[int, int]
    lr: float
    batch_size: int
    updates: int
    log_every: int
    seed: int

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> StepTrainingSettings:
        """Build from the config section ``autodiff.step_training``."""
        return cls(**{**section, "classes": tuple(section["classes"])})


def binary_task(
    images: torch.Tensor, labels: torch.Tensor, classes: tuple[int, int]
) -> tuple[torch.Tensor, torch.Tensor]:
    """Flattened float64 images of the two classes, standardized, and labels -1 / +1."""
    keep = (labels == classes[0]) | (labels == classes[1])
    x = images[keep].reshape(int(keep.sum()), -1).to(torch.float64) / 255.0
    x = (x - x.mean()) / x.std()
    y = torch.where(labels[keep] == classes[1], 1.0, -1.0).to(torch.float64)
    return x, y


def _loss(kind: str, margins: torch.Tensor) -> torch.Tensor:
    if kind == "step":
        return step(-margins).mean()
    return F.softplus(-margins).mean()


def _record(kind: str, update: int, margins: torch.Tensor, change: torch.Tensor) -> dict:
    """One row of the metrics: accuracy and loss on the whole set, largest weight change."""
    loss = _loss("logistic" if kind == REFERENCE else kind, margins)
    return {
        "loss": kind,
        "update": update,
        "train_accuracy": float((margins > 0).double().mean()),
        "loss_value": float(loss),
        "max_weight_change": float(change.abs().max()),
    }


def _logged(settings: StepTrainingSettings) -> set[int]:
    """The updates after which the metrics are recorded (0, every ``log_every``, the last)."""
    return {*range(0, settings.updates, settings.log_every), settings.updates}


def train_both(x: torch.Tensor, y: torch.Tensor, settings: StepTrainingSettings) -> pd.DataFrame:
    """Accuracy and weight change after every ``log_every`` updates, for both losses.

    Both runs start from the same small random weights and see the same minibatches. The
    rows give, per loss and update, the training accuracy, the loss value and the largest
    absolute change of any weight since initialization; the rows of ``REFERENCE`` repeat
    the logistic run with torch's own layer, loss and optimizer.
    """
    generator = torch.Generator().manual_seed(settings.seed)
    initial = 0.01 * torch.randn(x.shape[1] + 1, generator=generator, dtype=torch.float64)
    order = torch.randint(x.shape[0], (settings.updates, settings.batch_size), generator=generator)
    logged, rows = _logged(settings), []
    for kind in LOSSES:
        params = initial.clone().requires_grad_(True)
        for update in range(settings.updates + 1):
            if update in logged:
                with torch.no_grad():
                    margins = y * (x @ params[:-1] + params[-1])
                    rows.append(_record(kind, update, margins, params - initial))
            if update == settings.updates:
                break
            batch = order[update]
            margins = y[batch] * (x[batch] @ params[:-1] + params[-1])
            (grad,) = torch.autograd.grad(_loss(kind, margins), params)
            with torch.no_grad():
                params -= settings.lr * grad
    rows += _reference_run(x, y, settings, initial, order)
    return pd.DataFrame(rows)


def _reference_run(
    x: torch.Tensor,
    y: torch.Tensor,
    settings: StepTrainingSettings,
    initial: torch.Tensor,
    order: torch.Tensor,
) -> list[dict]:
    """The logistic run again with nn.Linear, torch.optim.SGD and BCE with logits."""
    layer = torch.nn.Linear(x.shape[1], 1, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(initial[:-1].unsqueeze(0))
        layer.bias.copy_(initial[-1:])
    optimizer = torch.optim.SGD(layer.parameters(), lr=settings.lr)
    targets, logged, rows = (y + 1) / 2, _logged(settings), []
    for update in range(settings.updates + 1):
        if update in logged:
            with torch.no_grad():
                weights = torch.cat([layer.weight[0], layer.bias])
                margins = y * layer(x)[:, 0]
                rows.append(_record(REFERENCE, update, margins, weights - initial))
        if update == settings.updates:
            break
        batch = order[update]
        optimizer.zero_grad()
        F.binary_cross_entropy_with_logits(layer(x[batch])[:, 0], targets[batch]).backward()
        optimizer.step()
    return rows


def run_on_subsample(
    data_dir: Path, subsample: Subsample, settings: StepTrainingSettings
) -> pd.DataFrame:
    """Train both classifiers on the two classes of the verified training subsample."""
    train = load_split(data_dir, train=True)
    index = torch.tensor(subsample.indices, dtype=torch.int64)
    x, y = binary_task(train.images[index], train.labels[index], settings.classes)
    return train_both(x, y, settings)
