"""Operator overloading shared by reverse-mode nodes and forward-mode duals."""

from __future__ import annotations

from typing import Any, Self

from sgdlab.minigrad import ops


class Operators:
    """Arithmetic operators that build ops through the subclass's ``apply``."""

    @classmethod
    def apply(cls, op: type[ops.Op], *inputs: Any, **kwargs: Any) -> Self:
        """Run ``op`` on the inputs (constants are wrapped) and return the output."""
        raise NotImplementedError

    def __add__(self, other: Any) -> Self:
        return self.apply(ops.Add, self, other)

    def __radd__(self, other: Any) -> Self:
        return self.apply(ops.Add, other, self)

    def __sub__(self, other: Any) -> Self:
        return self.apply(ops.Subtract, self, other)

    def __rsub__(self, other: Any) -> Self:
        return self.apply(ops.Subtract, other, self)

    def __mul__(self, other: Any) -> Self:
        return self.apply(ops.Multiply, self, other)

    def __rmul__(self, other: Any) -> Self:
        return self.apply(ops.Multiply, other, self)

    def __truediv__(self, other: Any) -> Self:
        return self.apply(ops.Divide, self, other)

    def __rtruediv__(self, other: Any) -> Self:
        return self.apply(ops.Divide, other, self)

    def __matmul__(self, other: Any) -> Self:
        return self.apply(ops.MatMul, self, other)

    def __neg__(self) -> Self:
        return self.apply(ops.Subtract, 0.0, self)

    def __getitem__(self, index: Any) -> Self:
        return self.apply(ops.Select, self, index=index)
