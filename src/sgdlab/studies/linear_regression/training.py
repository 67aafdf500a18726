"""Minibatch SGD on a line with the document's momentum, least squares, and the 80:10:10 split."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.model_selection import train_test_split

Sets = Mapping[str, tuple[torch.Tensor, torch.Tensor]]


@dataclass(frozen=True)
class SGDSettings:
    """One SGD run: batch size, learning rate γ, epochs, momentum μ, shuffle seed."""

    batch_size: int
    lr: float
    epochs: int
    momentum: float
    seed: int


@dataclass(frozen=True)
class History:
    """Per-update minibatch losses and, after every epoch, parameters and whole-set MSEs."""

    update_loss: list[float]
    update_params: list[tuple[float, float]]
    epoch_params: list[tuple[float, float]]
    epoch_mse: dict[str, list[float]]


def predict(params: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """The linear model: slope * x + bias, with params = (slope, bias)."""
    return params[0] * x + params[1]


def mse(params: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> float:
    """Mean squared error of the model on a whole set."""
    with torch.no_grad():
        return float(torch.mean((predict(params, x) - y) ** 2))


class Momentum:
    """The document's update: b_0 = g_0, b_t = μ b_{t-1} + g_t, θ_t = θ_{t-1} − γ b_t.

    μ = 0 is plain SGD (b_t = g_t).
    """

    def __init__(self, lr: float, momentum: float) -> None:
        """Keep γ and μ; the buffer b is created by the first step."""
        self.lr, self.momentum = lr, momentum
        self.buffer: torch.Tensor | None = None

    def step(self, params: torch.Tensor, grad: torch.Tensor) -> None:
        """Update ``params`` in place with the gradient g_t of this step."""
        if self.buffer is None:
            self.buffer = grad.clone()
        else:
            self.buffer = self.momentum * self.buffer + grad
        params.sub_(self.lr * self.buffer)


def _as_pair(params: torch.Tensor) -> tuple[float, float]:
    slope, bias = params.detach().tolist()
    return slope, bias


def train(
    x: torch.Tensor,
    y: torch.Tensor,
    sgd: SGDSettings,
    evaluate_on: Sets,
) -> History:
    """Minibatch SGD from zero parameters on (x, y); the gradient by autograd on the MSE.

    Every epoch visits the samples in a fresh permutation from a generator seeded with
    ``sgd.seed`` (the last batch may be smaller, as DataLoader's). After every epoch the
    parameters and the MSE on each set of ``evaluate_on`` (whole sets) are recorded. A run
    whose parameters or MSE overflow (a momentum above 1 makes them) stops after recording
    that epoch: every later value would be inf or NaN.
    """
    if sgd.batch_size < 1 or sgd.epochs < 1 or sgd.lr <= 0:
        raise ValueError(f"linear_regression needs batch_size, epochs >= 1 and lr > 0: {sgd}")
    generator = torch.Generator().manual_seed(sgd.seed)
    params = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    optimizer = Momentum(sgd.lr, sgd.momentum)
    history = History([], [], [], {name: [] for name in evaluate_on})
    for _ in range(sgd.epochs):
        order = torch.randperm(x.shape[0], generator=generator)
        for batch in order.split(sgd.batch_size):
            loss = torch.mean((predict(params, x[batch]) - y[batch]) ** 2)
            (grad,) = torch.autograd.grad(loss, params)
            with torch.no_grad():
                optimizer.step(params, grad)
            history.update_loss.append(float(loss.detach()))
            history.update_params.append(_as_pair(params))
        history.epoch_params.append(_as_pair(params))
        for name, (xs, ys) in evaluate_on.items():
            history.epoch_mse[name].append(mse(params.detach(), xs, ys))
        recorded = [values[-1] for values in history.epoch_mse.values()]
        if not (bool(torch.isfinite(params).all()) and all(map(math.isfinite, recorded))):
            break
    return history


def least_squares(x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Slope and bias that minimize the MSE exactly (torch.linalg.lstsq on [x, 1])."""
    design = torch.cat([x, torch.ones_like(x)], dim=1)
    solution = torch.linalg.lstsq(design, y, driver="gelsd").solution
    return float(solution[0, 0]), float(solution[1, 0])


def split(x: torch.Tensor, y: torch.Tensor, random_state: int) -> Sets:
    """The document's 80:10:10 split: 80:20, then the 20% in halves (validation, test).

    Both calls are scikit-learn's ``train_test_split`` with the same ``random_state``, on
    sample indices, so the three sets are disjoint and cover the data.
    """
    index = np.arange(x.shape[0])
    train, rest = train_test_split(index, test_size=0.2, random_state=random_state)
    validation, test = train_test_split(rest, test_size=0.5, random_state=random_state)
    return {
        name: (x[torch.from_numpy(part)], y[torch.from_numpy(part)])
        for name, part in (("train", train), ("validation", validation), ("test", test))
    }
