"""Shape primitives: copies along a new axis, indexing, (un)squeezing and reshaping.

Each moves elements without arithmetic, so backward moves the gradient back and tangent
moves the tangent the same way (derivations §4-§5 in ``docs/minigrad_derivations.md``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sgdlab.minigrad.primitives.base import Array, Context, Op


class Expand(Op):
    """Insert an axis and repeat the input ``copies`` times along it (derivations §4)."""

    @staticmethod
    def forward(context: Context, x: Array, axis: int, copies: int) -> Array:
        """Copies of x stacked along the new ``axis`` (x as the columns of a matrix: axis=1)."""
        context.update(axis=axis, copies=copies)
        return np.repeat(np.expand_dims(x, axis), copies, axis=axis)

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """Sum the gradient over the copies."""
        return (grad.sum(axis=context["axis"]),)

    @staticmethod
    def tangent(context: Context, dx: Array) -> Array:
        """Linear: the same copies of the tangent."""
        return np.repeat(np.expand_dims(dx, context["axis"]), context["copies"], context["axis"])


class Select(Op):
    """x[index] for any NumPy index (derivations §5)."""

    @staticmethod
    def forward(context: Context, x: Array, index: Any) -> Array:
        """The indexed elements."""
        context.update(shape=x.shape, index=index)
        return np.asarray(x[index])

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """Scatter-add the gradient to the selected positions (a repeated index adds up)."""
        out = np.zeros(context["shape"])
        np.add.at(out, context["index"], grad)
        return (out,)

    @staticmethod
    def tangent(context: Context, dx: Array) -> Array:
        """Linear: the same elements of the tangent."""
        return np.asarray(dx[context["index"]])


class Squeeze(Op):
    """Remove one axis of length 1 (derivations §5)."""

    @staticmethod
    def forward(context: Context, x: Array, axis: int) -> Array:
        """Drop ``axis``."""
        context["axis"] = axis
        return np.squeeze(x, axis=axis)

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """Put the axis back."""
        return (np.expand_dims(grad, context["axis"]),)

    @staticmethod
    def tangent(context: Context, dx: Array) -> Array:
        """Linear: squeeze the tangent."""
        return np.squeeze(dx, axis=context["axis"])


class Unsqueeze(Op):
    """Insert one axis of length 1 (derivations §5)."""

    @staticmethod
    def forward(context: Context, x: Array, axis: int) -> Array:
        """Insert ``axis``."""
        context["axis"] = axis
        return np.expand_dims(x, axis)

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """Remove the axis again."""
        return (np.squeeze(grad, axis=context["axis"]),)

    @staticmethod
    def tangent(context: Context, dx: Array) -> Array:
        """Linear: unsqueeze the tangent."""
        return np.expand_dims(dx, context["axis"])


class Reshape(Op):
    """Same elements in a new shape (derivations §5)."""

    @staticmethod
    def forward(context: Context, x: Array, shape: tuple[int, ...]) -> Array:
        """Reshape to ``shape``."""
        context.update(in_shape=x.shape, shape=shape)
        return x.reshape(shape)

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """The gradient reshaped back to the input's shape."""
        return (grad.reshape(context["in_shape"]),)

    @staticmethod
    def tangent(context: Context, dx: Array) -> Array:
        """Linear: reshape the tangent."""
        return dx.reshape(context["shape"])
