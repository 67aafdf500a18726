"""Averaged SGD's exponential moving average of the weights (002 part 3).

After every optimizer step the average moves towards the trained weights,
w̄ ← (1 − γ) w̄ + γ w, starting at the initial weights; it is evaluated beside them and
never used for updates.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


class WeightAverage:
    """A copy of a model whose parameters follow the model's by an exponential moving average.

    The update is the in-place linear interpolation that
    ``torch.optim.swa_utils.get_ema_multi_avg_fn`` applies, so it matches ``AveragedModel``.
    """

    def __init__(self, model: nn.Module, gamma: float) -> None:
        """Start the average at ``model``'s current weights, moving by ``gamma`` per update."""
        if not 0.0 < gamma <= 1.0:
            raise ValueError(f"ema_gamma must lie in (0, 1], got {gamma}")
        self.gamma = gamma
        self.model = copy.deepcopy(model)
        self.model.requires_grad_(False)
        self._averaged = list(self.model.parameters())
        self._current = list(model.parameters())

    @torch.no_grad()
    def update(self) -> None:
        """Move the average a fraction γ towards the model's current weights."""
        torch._foreach_lerp_(self._averaged, self._current, self.gamma)
