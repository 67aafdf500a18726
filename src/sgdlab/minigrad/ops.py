"""Ops: NumPy forward, backward (output gradient to input gradients) and tangent (JVP).

Every op is a class of three static methods that share a ``context`` dict, filled by
``forward`` with what the other two need. ``backward`` maps the gradient of the loss with
respect to the output to the gradients with respect to each input (reverse mode);
``tangent`` maps the inputs' tangents to the output's tangent (forward mode). The
derivation behind each backward is in ``docs/minigrad_derivations.md``, section named in
the docstring.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
Context = dict[str, Any]


def unbroadcast(grad: Array, shape: tuple[int, ...]) -> Array:
    """Sum ``grad`` over the axes NumPy broadcast, so it has the input's ``shape`` (§4)."""
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


class Op:
    """Base of every op: forward, backward and tangent share one context dict."""

    @staticmethod
    def forward(context: Context, *inputs: Array, **kwargs: Any) -> Array:
        """Compute the output from the input values."""
        raise NotImplementedError

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """Map the loss gradient of the output to the loss gradients of the inputs."""
        raise NotImplementedError

    @staticmethod
    def tangent(context: Context, *tangents: Array) -> Array:
        """Map the inputs' tangents to the output's tangent (Jacobian-vector product)."""
        raise NotImplementedError


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
    def backward(context: Context, grad: Array) -> tuple[Array, ...]:
        """To A: grad B^T; to B: A^T grad."""
        return grad @ context["b"].T, context["a"].T @ grad

    @staticmethod
    def tangent(context: Context, da: Array, db: Array) -> Array:
        """Product rule: dA B + A dB."""
        return da @ context["b"] + context["a"] @ db


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


class _Elementwise(Op):
    """y = f(x) elementwise: backward and tangent both multiply by f'(x) (derivations §2)."""

    @staticmethod
    def derivative(context: Context) -> Array:
        """f'(x) at the input, from what forward stored."""
        raise NotImplementedError

    @classmethod
    def backward(cls, context: Context, grad: Array) -> tuple[Array, ...]:
        """The output gradient times f'(x)."""
        return (grad * cls.derivative(context),)

    @classmethod
    def tangent(cls, context: Context, dx: Array) -> Array:
        """f'(x) * dx."""
        return cls.derivative(context) * dx


class Exp(_Elementwise):
    """exp(x); f' = exp(x), the output itself."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """Exponential."""
        context["y"] = np.exp(x)
        return context["y"]

    @staticmethod
    def derivative(context: Context) -> Array:
        """exp(x)."""
        return context["y"]


class Log(_Elementwise):
    """Natural log; f' = 1 / x."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """Natural logarithm."""
        context["x"] = x
        return np.log(x)

    @staticmethod
    def derivative(context: Context) -> Array:
        """1 / x."""
        return 1.0 / context["x"]


class Sin(_Elementwise):
    """sin(x); f' = cos(x)."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """Sine."""
        context["x"] = x
        return np.sin(x)

    @staticmethod
    def derivative(context: Context) -> Array:
        """cos(x)."""
        return np.cos(context["x"])


class Cos(_Elementwise):
    """cos(x); f' = -sin(x)."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """Cosine."""
        context["x"] = x
        return np.cos(x)

    @staticmethod
    def derivative(context: Context) -> Array:
        """-sin(x)."""
        return -np.sin(context["x"])


class Sqrt(_Elementwise):
    """sqrt(x); f' = 1 / (2 sqrt(x))."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """Square root."""
        context["y"] = np.sqrt(x)
        return context["y"]

    @staticmethod
    def derivative(context: Context) -> Array:
        """1 / (2 sqrt(x))."""
        return 0.5 / context["y"]


class Tanh(_Elementwise):
    """tanh(x); f' = 1 - tanh(x)^2."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """Hyperbolic tangent."""
        context["y"] = np.tanh(x)
        return context["y"]

    @staticmethod
    def derivative(context: Context) -> Array:
        """1 - y^2."""
        return 1.0 - context["y"] ** 2


class Sigmoid(_Elementwise):
    """Logistic sigmoid 1 / (1 + exp(-x)); f' = s (1 - s)."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """Sigmoid, written to stay finite for large |x|."""
        e = np.exp(-np.abs(x))
        context["y"] = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return context["y"]

    @staticmethod
    def derivative(context: Context) -> Array:
        """The product s (1 - s)."""
        return context["y"] * (1.0 - context["y"])


class Relu(_Elementwise):
    """max(x, 0); f' = 1 where x > 0, else 0 (0 at x = 0, as PyTorch)."""

    @staticmethod
    def forward(context: Context, x: Array) -> Array:
        """Rectified linear unit."""
        context["positive"] = x > 0
        return np.where(context["positive"], x, 0.0)

    @staticmethod
    def derivative(context: Context) -> Array:
        """Indicator of x > 0."""
        return context["positive"].astype(np.float64)


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
