"""The optimizer of a run: plain SGD (the documents' default), SGD with momentum, Adam, AdamW.

Every choice is the ``torch.optim`` class with the hyperparameters of an ``OptimizerSettings``,
so its state is checkpointed and resumed by ``state_dict`` like plain SGD's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import torch

OPTIMIZERS = ("sgd", "momentum", "adam", "adamw")


@dataclass(frozen=True)
class OptimizerSettings:
    """Which optimizer and its hyperparameters besides the learning rate.

    ``momentum`` is used by ``momentum`` only (heavy ball, no dampening, as
    ``torch.optim.SGD``); ``betas`` and ``eps`` by ``adam`` and ``adamw``; ``weight_decay``
    by all but plain ``sgd``, which is exactly ``torch.optim.SGD(params, lr)``.
    """

    name: str = "sgd"
    momentum: float = 0.9
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        """Reject unknown optimizers and hyperparameters outside their ranges; betas as floats."""
        if self.name not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {self.name!r}; choose one of {OPTIMIZERS}")
        if not 0.0 <= self.momentum < 1.0:
            raise ValueError(f"optimizer momentum must lie in [0, 1), got {self.momentum}")
        if len(self.betas) != 2 or not all(0.0 <= beta < 1.0 for beta in self.betas):
            raise ValueError(f"optimizer betas must be two numbers in [0, 1), got {self.betas}")
        if self.eps <= 0 or self.weight_decay < 0:
            raise ValueError("optimizer eps must be positive and weight_decay non-negative")
        object.__setattr__(self, "betas", tuple(float(beta) for beta in self.betas))


def build_optimizer(
    settings: OptimizerSettings, params: Iterable[torch.nn.Parameter], lr: float
) -> torch.optim.Optimizer:
    """The ``torch.optim`` optimizer that ``settings`` names, at learning rate ``lr``."""
    if settings.name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if settings.name == "momentum":
        return torch.optim.SGD(
            params, lr=lr, momentum=settings.momentum, weight_decay=settings.weight_decay
        )
    adam = torch.optim.Adam if settings.name == "adam" else torch.optim.AdamW
    return adam(
        params, lr=lr, betas=settings.betas, eps=settings.eps, weight_decay=settings.weight_decay
    )
