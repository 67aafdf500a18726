"""Elementwise primitives y = f(x): exp, log, sin, cos, sqrt, tanh, sigmoid and relu.

Backward and tangent both multiply by f'(x) (derivations §2 in
``docs/minigrad_derivations.md``), so an op is its function f, its derivative f' and which
of x or y = f(x) forward keeps for f' (whichever f' is cheaper from).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import numpy as np

from sgdlab.minigrad.primitives.base import Array, Context, Op

ArrayMap = Callable[[Array], Array]


class Elementwise(Op):
    """y = f(x) elementwise; a subclass names f, f' and what f' reads in its class line.

    ``class Exp(Elementwise, function=np.exp, derivative=..., keeps="y")``: ``derivative``
    maps the kept input x (``keeps="x"``) or output y (``keeps="y"``) to f'(x).
    """

    function: ClassVar[ArrayMap]
    derivative: ClassVar[ArrayMap]
    keeps: ClassVar[str]

    def __init_subclass__(cls, function: ArrayMap, derivative: ArrayMap, keeps: str) -> None:
        if keeps not in ("x", "y"):
            raise ValueError(f"keeps must be 'x' or 'y', got {keeps!r}")
        cls.function, cls.derivative = staticmethod(function), staticmethod(derivative)
        cls.keeps = keeps

    @classmethod
    def forward(cls, context: Context, x: Array) -> Array:
        """f(x), keeping x or y for the derivative."""
        y = cls.function(x)
        context["kept"] = y if cls.keeps == "y" else x
        return y

    @classmethod
    def backward(cls, context: Context, grad: Array) -> tuple[Array, ...]:
        """The output gradient times f'(x)."""
        return (grad * cls.derivative(context["kept"]),)

    @classmethod
    def tangent(cls, context: Context, dx: Array) -> Array:
        """f'(x) * dx."""
        return cls.derivative(context["kept"]) * dx


def _stable_sigmoid(x: Array) -> Array:
    """1 / (1 + exp(-x)), written to stay finite for large |x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Exp(Elementwise, function=np.exp, derivative=lambda y: y, keeps="y"):
    """exp(x); f' = exp(x), the output itself."""


class Log(Elementwise, function=np.log, derivative=lambda x: 1.0 / x, keeps="x"):
    """Natural log; f' = 1 / x."""


class Sin(Elementwise, function=np.sin, derivative=np.cos, keeps="x"):
    """sin(x); f' = cos(x)."""


class Cos(Elementwise, function=np.cos, derivative=lambda x: -np.sin(x), keeps="x"):
    """cos(x); f' = -sin(x)."""


class Sqrt(Elementwise, function=np.sqrt, derivative=lambda y: 0.5 / y, keeps="y"):
    """sqrt(x); f' = 1 / (2 sqrt(x)), from the output."""


class Tanh(Elementwise, function=np.tanh, derivative=lambda y: 1.0 - y**2, keeps="y"):
    """tanh(x); f' = 1 - tanh(x)^2, from the output."""


class Sigmoid(Elementwise, function=_stable_sigmoid, derivative=lambda y: y * (1.0 - y), keeps="y"):
    """Logistic sigmoid 1 / (1 + exp(-x)); f' = s (1 - s), from the output s."""


class Relu(
    Elementwise,
    function=lambda x: np.where(x > 0, x, 0.0),
    derivative=lambda x: (x > 0).astype(np.float64),
    keeps="x",
):
    """max(x, 0); f' = 1 where x > 0, else 0 (0 at x = 0, as PyTorch)."""
