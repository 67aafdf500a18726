"""Forward mode: dual values (value, tangent) pushed through the same ops as reverse mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from sgdlab.minigrad import primitives as P
from sgdlab.minigrad.overloading import Operators


class Dual(Operators):
    """A value and its tangent (directional derivative along the seeded direction)."""

    __slots__ = ("value", "tangent")

    def __init__(self, value: Any, tangent: Any | None = None) -> None:
        self.value = np.asarray(value, dtype=np.float64)
        self.tangent = (
            np.zeros_like(self.value) if tangent is None else np.asarray(tangent, np.float64)
        )

    def __repr__(self) -> str:
        return f"Dual(shape={self.value.shape})"

    @classmethod
    def apply(cls, op: type[P.Op], *inputs: Any, **kwargs: Any) -> Dual:
        """Run ``op`` forward on the values and its tangent rule on the tangents."""
        duals = [x if isinstance(x, Dual) else Dual(x) for x in inputs]
        context: P.Context = {}
        value = op.forward(context, *(d.value for d in duals), **kwargs)
        return Dual(value, op.tangent(context, *(d.tangent for d in duals)))


def jvp(
    fn: Callable[..., Dual], primals: list[Any], tangents: list[Any]
) -> tuple[P.Array, P.Array]:
    """fn(primals) and its Jacobian-vector product with ``tangents``, in one forward sweep."""
    out = fn(*(Dual(p, t) for p, t in zip(primals, tangents, strict=True)))
    return out.value, out.tangent


def gradient_forward(fn: Callable[[Dual], Dual], w: Any) -> P.Array:
    """Full gradient of a scalar fn of a vector w by d forward sweeps, one per basis vector."""
    w = np.asarray(w, dtype=np.float64)
    grad = np.empty(w.size)
    for i in range(w.size):
        seed = np.zeros(w.size)
        seed[i] = 1.0
        grad[i] = float(fn(Dual(w, seed.reshape(w.shape))).tangent)
    return grad.reshape(w.shape)
