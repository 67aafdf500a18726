"""Arithmetic primitives: +, -, *, / with NumPy broadcasting, and the matrix product.

The derivation behind each backward is in ``docs/minigrad_derivations.md``, section named in
the docstring.
"""

from __future__ import annotations

from sgdlab.minigrad.primitives.base import Array, Context, Op


def unbroadcast(grad: Array, shape: tuple[int, ...]) -> Array:
    """Sum ``grad`` over the axes NumPy broadcast, so it has the input's ``shape`` (§4)."""
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


class _Binary(Op):
    """Elementwise op of two broadcastable inputs; remembers both shapes."""

    @staticmethod
    def _remember(context: Context, a: Array, b: Array) -> None:
        context.update(a=a, b=b, a_shape=a.shape, b_shape=b.shape)


class Add(_Binary):
    """a + b, broadcasting (derivations §4)."""

    @staticmethod
    def forward(context: Context, a: Array, b: Array) -> Array:
        """Sum."""
        context.update(a_shape=a.shape, b_shape=b.shape)
        return a + b

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """The output gradient, summed over broadcast axes, goes to both inputs."""
        return unbroadcast(grad, context["a_shape"]), unbroadcast(grad, context["b_shape"])

    @staticmethod
    def tangent(context: Context, da: Array, db: Array) -> Array:
        """Linear: da + db."""
        return da + db


class Subtract(_Binary):
    """a - b, broadcasting (derivations §4)."""

    @staticmethod
    def forward(context: Context, a: Array, b: Array) -> Array:
        """Difference."""
        context.update(a_shape=a.shape, b_shape=b.shape)
        return a - b

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """The output gradient to a, its negative to b, each unbroadcast."""
        return unbroadcast(grad, context["a_shape"]), unbroadcast(-grad, context["b_shape"])

    @staticmethod
    def tangent(context: Context, da: Array, db: Array) -> Array:
        """Linear: da - db."""
        return da - db


class Multiply(_Binary):
    """a * b elementwise, broadcasting (derivations §2, §4)."""

    @staticmethod
    def forward(context: Context, a: Array, b: Array) -> Array:
        """Elementwise product."""
        _Binary._remember(context, a, b)
        return a * b

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """To a: grad * b; to b: grad * a; each unbroadcast."""
        a, b = context["a"], context["b"]
        return unbroadcast(grad * b, a.shape), unbroadcast(grad * a, b.shape)

    @staticmethod
    def tangent(context: Context, da: Array, db: Array) -> Array:
        """Product rule: da b + a db."""
        return da * context["b"] + context["a"] * db


class Divide(_Binary):
    """a / b elementwise, broadcasting (derivations §1)."""

    @staticmethod
    def forward(context: Context, a: Array, b: Array) -> Array:
        """Elementwise quotient."""
        _Binary._remember(context, a, b)
        return a / b

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """To a: grad / b; to b: -grad a / b^2; each unbroadcast."""
        a, b = context["a"], context["b"]
        return unbroadcast(grad / b, a.shape), unbroadcast(-grad * a / (b * b), b.shape)

    @staticmethod
    def tangent(context: Context, da: Array, db: Array) -> Array:
        """Quotient rule: da / b - a db / b^2."""
        a, b = context["a"], context["b"]
        return da / b - a * db / (b * b)


class MatMul(Op):
    """A @ B for matrices (derivations §3)."""

    @staticmethod
    def forward(context: Context, a: Array, b: Array) -> Array:
        """Matrix product of an (n, f) and an (f, m) matrix."""
        if a.ndim != 2 or b.ndim != 2:
            raise ValueError(
                f"matmul takes two matrices, got shapes {a.shape} and {b.shape}; "
                "fix: unsqueeze or reshape vectors to 2-D first"
            )
        context.update(a=a, b=b)
        return a @ b

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array | None, ...]:
        """To A: grad B^T; to B: A^T grad; None to an input that needs no gradient.

        A layer's input batch needs none, and its gradient would cost as much as the
        weights'.
        """
        needs_a, needs_b = context.get("needs_grad", (True, True))
        return (
            grad @ context["b"].T if needs_a else None,
            context["a"].T @ grad if needs_b else None,
        )

    @staticmethod
    def tangent(context: Context, da: Array, db: Array) -> Array:
        """Product rule: dA B + A dB."""
        return da @ context["b"] + context["a"] @ db
