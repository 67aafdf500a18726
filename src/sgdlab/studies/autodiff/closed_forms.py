"""Derivatives and values derived by hand, the independent side of every check of this study.

Nothing here calls autograd: these are the formulas a student writes on paper, evaluated
with Python floats, and float64 central finite differences for the vector answers.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np


def halvings(x: float, threshold: float, inclusive: bool) -> int:
    """Number n of halvings the loop of 000 section 1.3 makes before |x / 2^n| < threshold.

    With ``inclusive`` the test is <=. Closed form: n = floor(log2(|x| / t)) + 1 for <, and
    n = ceil(log2(|x| / t)) for <= (0 when |x| already passes the test). ``log2`` of a
    rounded quotient can be off by one at the jumps, so n is settled with exact halvings.
    """
    if _stops(abs(x), threshold, inclusive):
        return 0
    octaves = math.log2(abs(x) / threshold)
    n = max(1, math.ceil(octaves) if inclusive else math.floor(octaves) + 1)
    while n > 1 and _stops(abs(x) / 2.0 ** (n - 1), threshold, inclusive):
        n -= 1
    while not _stops(abs(x) / 2.0**n, threshold, inclusive):
        n += 1
    return n


def _stops(value: float, threshold: float, inclusive: bool) -> bool:
    return value <= threshold if inclusive else value < threshold


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
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-x))


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
