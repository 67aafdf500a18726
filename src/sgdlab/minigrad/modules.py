"""Modules on top of the primitives: a linear layer, an MLP (MinigradMLP) and SGD with momentum."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sgdlab.minigrad import functional as F
from sgdlab.minigrad.nodes import Node

ACTIVATIONS = {"sigmoid": F.sigmoid, "relu": F.relu, "tanh": F.tanh}
INITS = ("glorot", "zeros", "normal")


def init_weight(rng: np.random.Generator, fan_in: int, fan_out: int, init: str) -> np.ndarray:
    """Weight matrix (fan_in, fan_out): Glorot uniform, all zeros or standard normal."""
    if init == "glorot":
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound, size=(fan_in, fan_out))
    if init == "zeros":
        return np.zeros((fan_in, fan_out))
    if init == "normal":
        return rng.standard_normal((fan_in, fan_out))
    raise ValueError(f"unknown initialization {init!r}; fix: use one of {INITS}")


class Linear:
    """y = x W + b with W of shape (in, out) and a zero bias."""

    def __init__(self, rng: np.random.Generator, fan_in: int, fan_out: int, init: str) -> None:
        self.weight = Node(init_weight(rng, fan_in, fan_out, init), name="W")
        self.bias = Node(np.zeros(fan_out), name="b")

    def __call__(self, x: Node) -> Node:
        """Affine map of a batch (n, in) to (n, out)."""
        return x @ self.weight + self.bias

    def parameters(self) -> list[Node]:
        """Weight and bias."""
        return [self.weight, self.bias]


@dataclass(frozen=True)
class MLPSettings:
    """Input size, hidden widths, classes, hidden activation, residual links, initialization."""

    inputs: int
    hidden: tuple[int, ...]
    classes: int
    activation: str = "sigmoid"
    residual: bool = False
    init: str = "glorot"

    def __post_init__(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {self.activation!r}; fix: use one of {sorted(ACTIVATIONS)}"
            )
        if self.init not in INITS:
            raise ValueError(f"unknown initialization {self.init!r}; fix: use one of {INITS}")


class MinigradMLP:
    """Linear layers with a hidden activation; ``residual`` adds h to each equal-width layer."""

    def __init__(self, settings: MLPSettings, rng: np.random.Generator) -> None:
        widths = [settings.inputs, *settings.hidden, settings.classes]
        self.settings = settings
        self.layers = [
            Linear(rng, a, b, settings.init) for a, b in zip(widths[:-1], widths[1:], strict=True)
        ]

    def __call__(self, x: Node) -> Node:
        """Logits (n, classes) of a batch (n, inputs)."""
        act = ACTIVATIONS[self.settings.activation]
        h = x
        for layer in self.layers[:-1]:
            out = act(layer(h))
            residual = self.settings.residual and h.shape[-1] == out.shape[-1] and h is not x
            h = out + h if residual else out
        return self.layers[-1](h)

    def parameters(self) -> list[Node]:
        """Every weight and bias, first layer first."""
        return [p for layer in self.layers for p in layer.parameters()]


class SGD:
    """SGD with optional momentum, as PyTorch: v = mu v + g, p = p - lr v."""

    def __init__(self, parameters: Sequence[Node], lr: float, momentum: float = 0.0) -> None:
        self.parameters = list(parameters)
        self.lr = lr
        self.momentum = momentum
        self.velocity: list[np.ndarray | None] = [None] * len(self.parameters)

    def zero_grad(self) -> None:
        """Forget every parameter's gradient."""
        for p in self.parameters:
            p.zero_grad()

    def step(self) -> None:
        """One update of every parameter from its gradient."""
        for i, p in enumerate(self.parameters):
            if p.grad is None:
                continue
            step = p.grad
            if self.momentum:
                prev = self.velocity[i]
                step = step.copy() if prev is None else self.momentum * prev + step
                self.velocity[i] = step
            p.value = p.value - self.lr * step
