"""Operator overloading shared by reverse-mode nodes and forward-mode duals.

``a + b``, ``a @ b``, ``-a``, ``a[i]`` ... on a node or a dual run the matching primitive
through the class's own ``apply``, so one expression builds a graph or pushes tangents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from sgdlab.minigrad import primitives as P


def _binary(op: type[P.Op], reflected: bool = False) -> Callable[[Operators, Any], Any]:
    """The method of a binary operator; ``reflected`` for the right-hand form (``__radd__``)."""

    def method(self: Operators, other: Any) -> Any:
        return self.apply(op, other, self) if reflected else self.apply(op, self, other)

    method.__doc__ = f"{op.__name__} of the operands, in the operand's mode."
    return method


class Operators:
    """Arithmetic operators that build primitives through the subclass's ``apply``."""

    @classmethod
    def apply(cls, op: type[P.Op], *inputs: Any, **kwargs: Any) -> Self:
        """Run ``op`` on the inputs (constants are wrapped) and return the output."""
        raise NotImplementedError

    __add__, __radd__ = _binary(P.Add), _binary(P.Add, reflected=True)
    __sub__, __rsub__ = _binary(P.Subtract), _binary(P.Subtract, reflected=True)
    __mul__, __rmul__ = _binary(P.Multiply), _binary(P.Multiply, reflected=True)
    __truediv__, __rtruediv__ = _binary(P.Divide), _binary(P.Divide, reflected=True)
    __matmul__ = _binary(P.MatMul)

    def __neg__(self) -> Self:
        return self.apply(P.Subtract, 0.0, self)

    def __getitem__(self, index: Any) -> Self:
        return self.apply(P.Select, self, index=index)
