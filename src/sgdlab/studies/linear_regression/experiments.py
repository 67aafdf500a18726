"""The runs of 001 section 2 (questions 2.1 to 2.5) as tidy tables, one row per update or epoch."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
import torch

from sgdlab.studies.linear_regression.training import SGDSettings, split, train


def whole_set_run(x: torch.Tensor, y: torch.Tensor, sgd: SGDSettings) -> pd.DataFrame:
    """2.1 and 2.2: SGD on the whole set; per update (1-based) its minibatch loss and params."""
    history = train(x, y, sgd, {})
    updates_per_epoch = math.ceil(x.shape[0] / sgd.batch_size)
    return pd.DataFrame(
        {
            "update": range(1, len(history.update_loss) + 1),
            "epoch": [1 + i // updates_per_epoch for i in range(len(history.update_loss))],
            "batch_loss": history.update_loss,
            "slope": [p[0] for p in history.update_params],
            "bias": [p[1] for p in history.update_params],
        }
    )


def split_run(
    x: torch.Tensor, y: torch.Tensor, sgd: SGDSettings, random_state: int
) -> pd.DataFrame:
    """2.3 and 2.4: SGD on the training part; after every epoch its params and three MSEs."""
    sets = split(x, y, random_state)
    history = train(*sets["train"], sgd, sets)
    return pd.DataFrame(
        {
            "epoch": range(1, sgd.epochs + 1),
            "slope": [p[0] for p in history.epoch_params],
            "bias": [p[1] for p in history.epoch_params],
            **{f"{name}_mse": values for name, values in history.epoch_mse.items()},
        }
    )


def momentum_runs(
    x: torch.Tensor,
    y: torch.Tensor,
    sgd: SGDSettings,
    momenta: Sequence[float],
    random_state: int,
) -> pd.DataFrame:
    """2.5: one run per μ on the training part (same shuffles); per epoch train/val MSE.

    A run that overflows ends at the epoch it did (``training.train``).
    """
    sets = split(x, y, random_state)
    frames = []
    for mu in momenta:
        history = train(*sets["train"], replace(sgd, momentum=mu), sets)
        frames.append(
            pd.DataFrame(
                {
                    "momentum": mu,
                    "epoch": range(1, len(history.epoch_params) + 1),
                    "slope": [p[0] for p in history.epoch_params],
                    "bias": [p[1] for p in history.epoch_params],
                    "train_mse": history.epoch_mse["train"],
                    "validation_mse": history.epoch_mse["validation"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def momentum_values(values: Sequence[float], candidates: Sequence[Sequence[float]]) -> list[float]:
    """Every μ the momentum job trains: the config's list, then each candidate's new values."""
    return list(dict.fromkeys(float(mu) for mu in [*values, *(m for c in candidates for m in c)]))
