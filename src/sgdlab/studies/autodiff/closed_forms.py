"""Derivatives and values derived by hand, the independent side of every check of this study.

Nothing here calls autograd: these are the formulas a student writes on paper, evaluated
with Python floats, and float64 central finite differences for the vector answers.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np


def halvings(x: float, threshold: float, inclusive: bool) -> int:
    """Number n(x) of halvings the loop of 000 section 1.3 makes, as a piecewise formula.

    With t the threshold and the stop test |x| < t: n(x) = 0 for |x| < t, and n(x) = k + 1
    on each piece t 2^k <= |x| < t 2^(k+1), that is n = floor(log2(|x| / t)) + 1. With <=:
    n(x) = 0 for |x| <= t, and n(x) = k on t 2^(k-1) < |x| <= t 2^k, n = ceil(log2(|x| / t)).
    No loop runs here: k comes from ``math.log2`` and is then placed on its piece by comparing
    |x| with t 2^k, which is exact in floating point (log2 of a rounded quotient can be off
    by one right at a jump).
    """
    magnitude = abs(x)
    if magnitude < threshold or (inclusive and magnitude == threshold):
        return 0
    k = octave(magnitude, threshold)
    # The strict loop halves k + 1 times; with <= the point |x| = t 2^k stops one earlier.
    return k if inclusive and magnitude == threshold * 2.0**k else k + 1


def octave(magnitude: float, threshold: float) -> int:
    """The k with t 2^k <= magnitude < t 2^(k+1): floor(log2(magnitude / t)), settled exactly."""
    k = math.floor(math.log2(magnitude / threshold))
    while threshold * 2.0**k > magnitude:
        k -= 1
    while threshold * 2.0 ** (k + 1) <= magnitude:
        k += 1
    return k


def jump_points(threshold: float, bound: float = 1.0) -> int:
    """Points of [-bound, bound] where psi jumps: ±t 2^k for k = 0 ... floor(log2(bound / t))."""
    return 2 * (octave(bound, threshold) + 1)


def psi(x: float, threshold: float, inclusive: bool) -> float:
    """The function the halving loop computes: x / 2^n(x)."""
    return x / 2.0 ** halvings(x, threshold, inclusive)


def psi_derivative(x: float, threshold: float, inclusive: bool) -> float:
    """psi'(x) = 2^-n(x) where psi is differentiable (n is constant near x)."""
    return 2.0 ** -halvings(x, threshold, inclusive)


def rational_derivative(x: float) -> float:
    """d/dx 2 / ((5 - x)^2 + 2^2) = 4 (5 - x) / ((5 - x)^2 + 4)^2 (001 section 1.1)."""
    return 4.0 * (5.0 - x) / ((5.0 - x) ** 2 + 4.0) ** 2


def two_component_jacobian(x: float, y: float) -> np.ndarray:
    """Jacobian of (x^2 + y^2, 2 x^2 y^2): [[2x, 2y], [4 x y^2, 4 x^2 y]] (001 section 1.3)."""
    return np.array([[2 * x, 2 * y], [4 * x * y**2, 4 * x**2 * y]])


def trace_square_gradient(matrix: np.ndarray) -> np.ndarray:
    """Gradient of trace(A^2) = sum_ij A_ij A_ji with respect to A: 2 A^T (001 section 1.4)."""
    return 2.0 * np.asarray(matrix).T


def sigmoid(x: float) -> float:
    """The logistic function through the identity sigma(x) = (1 + tanh(x / 2)) / 2."""
    return (1.0 + math.tanh(x / 2.0)) / 2.0


def sigmoid_derivatives(x: float) -> tuple[float, float]:
    """Sigma' = s (1 - s) and sigma'' = s (1 - s)(1 - 2 s) with s = sigma(x) (001 section 1.5)."""
    s = sigmoid(x)
    return s * (1 - s), s * (1 - s) * (1 - 2 * s)


def midterm_value(x: float) -> float:
    """f(x) = sqrt(y) + sin(y), y = 2 + x^3 + log(1 + x^3) (002 part 1)."""
    y = 2.0 + x**3 + math.log(1.0 + x**3)
    return math.sqrt(y) + math.sin(y)


def midterm_derivative(x: float) -> float:
    """The document's chain rule: f'(x) = (1 / (2 sqrt(y)) + cos(y)) (3x^2 + 3x^2 / (1 + x^3))."""
    y = 2.0 + x**3 + math.log(1.0 + x**3)
    return (1.0 / (2.0 * math.sqrt(y)) + math.cos(y)) * (3 * x**2 + 3 * x**2 / (1.0 + x**3))


def receptive_field(kernel: int, stride: int, layers: int) -> int:
    """Inputs one output of ``layers`` stacked 1-D convolutions sees (002 part 4, section 1b).

    Layer l widens the field by (k - 1) times the product of the strides below it:
    r = 1 + (k - 1)(1 + s + ... + s^(L-1)), that is 1 + L (k - 1) at stride 1.
    """
    return 1 + (kernel - 1) * sum(stride**layer for layer in range(layers))


def conv_macs(batch: int, in_channels: int, out_channels: int, kernel: int, out_side: int) -> int:
    """Multiply-adds of a square 2-D convolution: N C_out H' W' C_in k^2 (002 part 4, 2c)."""
    return batch * out_channels * out_side * out_side * in_channels * kernel * kernel


def conv_output_size(size: int, kernel: int, padding: int, stride: int) -> int:
    """Output width of a convolution: floor((W - K + 2P) / S) + 1 (002 part 4, section 1a)."""
    return (size - kernel + 2 * padding) // stride + 1


def pooling_cost(
    channels: int,
    height: int,
    width: int,
    window: tuple[int, int],
    padding: tuple[int, int],
    stride: tuple[int, int],
) -> int:
    """Elements a pooling layer reads: c * h' * w' * p_h * p_w (002 part 4, section 2d).

    h' = floor((h + 2 pad_h - p_h) / s_h) + 1 outputs per column, each a reduction over a
    p_h x p_w window (p_h p_w - 1 comparisons for max pooling).
    """
    out_h = (height + 2 * padding[0] - window[0]) // stride[0] + 1
    out_w = (width + 2 * padding[1] - window[1]) // stride[1] + 1
    return channels * out_h * out_w * window[0] * window[1]


def central_difference(
    function: Callable[[np.ndarray], float], point: np.ndarray, step: float = 1e-6
) -> np.ndarray:
    """Gradient of a scalar function by float64 central differences, one coordinate at a time."""
    point = np.asarray(point, dtype=np.float64)
    grad = np.empty_like(point)
    for index in np.ndindex(point.shape):
        up, down = point.copy(), point.copy()
        h = step * max(1.0, abs(point[index]))
        up[index] += h
        down[index] -= h
        grad[index] = (function(up) - function(down)) / (2 * h)
    return grad
