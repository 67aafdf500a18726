"""Named ops for nodes and duals alike: ``sin(x)`` builds the op in x's own mode."""

from __future__ import annotations

from typing import Any, TypeVar

from sgdlab.minigrad import primitives as P
from sgdlab.minigrad.overloading import Operators

T = TypeVar("T", bound=Operators)


def _carrier(*inputs: Any) -> type[Operators]:
    """The mode (Node or Dual class) of the inputs; mixing modes is an error."""
    kinds = {type(x) for x in inputs if isinstance(x, Operators)}
    if len(kinds) != 1:
        raise TypeError(
            f"expected inputs of exactly one mode (Node or Dual), got {sorted(map(str, kinds))}; "
            "fix: wrap plain arrays in the mode of the other inputs"
        )
    return kinds.pop()


def _unary(op: type[P.Op]) -> Any:
    """A function that applies the one-input ``op`` in its argument's mode."""

    def apply(x: T, **kwargs: Any) -> T:
        return type(x).apply(op, x, **kwargs)

    apply.__name__ = op.__name__.lower()
    apply.__doc__ = f"{op.__name__} of x, as a new node or dual."
    return apply


exp = _unary(P.Exp)
log = _unary(P.Log)
sin = _unary(P.Sin)
cos = _unary(P.Cos)
sqrt = _unary(P.Sqrt)
tanh = _unary(P.Tanh)
sigmoid = _unary(P.Sigmoid)
relu = _unary(P.Relu)
normalize = _unary(P.Normalize)


def matmul(a: Any, b: Any) -> Any:
    """Matrix product a @ b."""
    return _carrier(a, b).apply(P.MatMul, a, b)


def sum(x: T, axis: int | None = None) -> T:  # noqa: A001 - mirrors numpy.sum
    """Sum of all elements, or along ``axis``."""
    return type(x).apply(P.Sum, x, axis=axis)


def expand(x: T, axis: int, copies: int) -> T:
    """``copies`` copies of x along a new ``axis``."""
    return type(x).apply(P.Expand, x, axis=axis, copies=copies)


def squeeze(x: T, axis: int) -> T:
    """Drop the length-1 ``axis`` of x."""
    return type(x).apply(P.Squeeze, x, axis=axis)


def unsqueeze(x: T, axis: int) -> T:
    """Insert a length-1 ``axis`` into x."""
    return type(x).apply(P.Unsqueeze, x, axis=axis)


def reshape(x: T, shape: tuple[int, ...]) -> T:
    """The elements of x in a new shape."""
    return type(x).apply(P.Reshape, x, shape=tuple(shape))


def select(x: T, index: Any) -> T:
    """x[index]."""
    return type(x).apply(P.Select, x, index=index)


def cross_entropy(logits: T, targets: Any) -> T:
    """Mean cross-entropy of logits (n, k) against integer class targets (n,)."""
    return type(logits).apply(P.CrossEntropy, logits, targets=targets)
