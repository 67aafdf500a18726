"""000 section 1.4, measured: whether SGD can train a classifier through the step function.

Two classes of the FashionMNIST subsample, a linear score w.x + b, the same seeded
initialization and minibatches twice: once minimizing the 0/1 loss phi(-y (w.x + b))
(written with ``programs.step``, whose derivative is 0 everywhere), once the logistic loss.
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


def train_both(x: torch.Tensor, y: torch.Tensor, settings: StepTrainingSettings) -> pd.DataFrame:
    """Accuracy and weight change after every ``log_every`` updates, for both losses.

    Both runs start from the same small random weights and see the same minibatches. The
    rows give, per loss and update, the training accuracy, the loss value and the largest
    absolute change of any weight since initialization.
    """
    generator = torch.Generator().manual_seed(settings.seed)
    initial = 0.01 * torch.randn(x.shape[1] + 1, generator=generator, dtype=torch.float64)
    order = torch.randint(x.shape[0], (settings.updates, settings.batch_size), generator=generator)
    rows = []
    for kind in LOSSES:
        params = initial.clone().requires_grad_(True)
        for update in range(settings.updates + 1):
            if update % settings.log_every == 0 or update == settings.updates:
                with torch.no_grad():
                    margins = y * (x @ params[:-1] + params[-1])
                    rows.append(
                        {
                            "loss": kind,
                            "update": update,
                            "train_accuracy": float((margins > 0).double().mean()),
                            "loss_value": float(_loss(kind, margins)),
                            "max_weight_change": float((params - initial).abs().max()),
                        }
                    )
            if update == settings.updates:
                break
            batch = order[update]
            margins = y[batch] * (x[batch] @ params[:-1] + params[-1])
            (grad,) = torch.autograd.grad(_loss(kind, margins), params)
            with torch.no_grad():
                params -= settings.lr * grad
    return pd.DataFrame(rows)


def run_on_subsample(
    data_dir: Path, subsample: Subsample, settings: StepTrainingSettings
) -> pd.DataFrame:
    """Train both classifiers on the two classes of the verified training subsample."""
    train = load_split(data_dir, train=True)
    index = torch.tensor(subsample.indices, dtype=torch.int64)
    x, y = binary_task(train.images[index], train.labels[index], settings.classes)
    return train_both(x, y, settings)
