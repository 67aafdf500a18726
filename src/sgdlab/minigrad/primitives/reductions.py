"""Primitives that combine elements: sums, row normalization and the cross-entropy loss.

Derivations §4-§6 in ``docs/minigrad_derivations.md``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sgdlab.minigrad.primitives.base import Array, Context, Op


class Sum(Op):
    """Sum of all elements, or along one axis (derivations §4)."""

    @staticmethod
    def forward(context: Context, x: Array, axis: int | None = None) -> Array:
        """Sum over ``axis`` (all elements when None)."""
        context.update(shape=x.shape, axis=axis)
        return np.asarray(x.sum(axis=axis))

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """Every summed element gets the gradient of its sum: a broadcast copy."""
        axis = context["axis"]
        grad = grad if axis is None else np.expand_dims(grad, axis)
        return (np.broadcast_to(grad, context["shape"]).copy(),)

    @staticmethod
    def tangent(context: Context, dx: Array) -> Array:
        """Linear: the same sum of the tangent."""
        return np.asarray(dx.sum(axis=context["axis"]))


class Normalize(Op):
    """Rows divided by their sums, so each row sums to 1 (derivations §5)."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """y_ij = x_ij / s_i with s_i = sum_j x_ij."""
        sums = x.sum(axis=1, keepdims=True)
        context.update(x=x, sums=sums)
        return x / sums

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """dx_ij = g_ij / s_i - sum_k g_ik x_ik / s_i^2."""
        x, sums = context["x"], context["sums"]
        return (grad / sums - (grad * x).sum(axis=1, keepdims=True) / (sums * sums),)

    @staticmethod
    def tangent(context: Context, dx: Array) -> Array:
        """Quotient rule per row: dx / s - x (sum_k dx_k) / s^2."""
        x, sums = context["x"], context["sums"]
        return dx / sums - x * dx.sum(axis=1, keepdims=True) / (sums * sums)


class CrossEntropy(Op):
    """Mean cross-entropy of logits (n, k) against integer targets (derivations §6)."""

    @staticmethod
    def forward(context: Context, logits: Array, targets: npt.NDArray[np.int64]) -> Array:
        """mean_i [logsumexp(z_i) - z_i,y_i], by a log-softmax shifted by the row maximum."""
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        rows = np.arange(len(targets))
        context.update(probs=np.exp(log_probs), targets=targets, rows=rows)
        return np.asarray(-log_probs[rows, targets].mean())

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """(softmax(z) - onehot(y)) / n times the output gradient."""
        delta = context["probs"].copy()
        delta[context["rows"], context["targets"]] -= 1.0
        return (delta * (grad / len(context["rows"])),)

    @staticmethod
    def tangent(context: Context, dz: Array) -> Array:
        """mean_i [softmax(z_i) . dz_i - dz_i,y_i]."""
        rows = context["rows"]
        picked = dz[rows, context["targets"]]
        return np.asarray(((context["probs"] * dz).sum(axis=1) - picked).mean())
