"""The documents' differentiable programs, and PyTorch's derivative of any of them on a grid.

Each program maps a float64 tensor elementwise. Branches are written with ``torch.where``:
at every element autograd differentiates only the branch that element takes, exactly as a
scalar ``if`` statement would, so a whole grid is differentiated in one backward pass
(the tests compare with the scalar ``if`` versions at the special points).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

Program = Callable[[torch.Tensor], torch.Tensor]


def pytorch_derivative(program: Program, x: torch.Tensor) -> torch.Tensor:
    """Elementwise derivative that autograd returns for ``program`` at every point of ``x``.

    The sum trick of 001 section 1.2: for an elementwise map, the gradient of the sum of the
    outputs is the vector of the elementwise derivatives. An output that does not depend on
    the input in the graph (autograd returns None) has derivative 0 everywhere.
    """
    x = x.detach().clone().requires_grad_(True)
    y = program(x)
    if not y.requires_grad:
        return torch.zeros_like(x).detach()
    (grad,) = torch.autograd.grad(y.sum(), x, allow_unused=True)
    return torch.zeros_like(x).detach() if grad is None else grad


# 000 section 1.1: f(x) = (x - x̂)^2 + [x > x̂], a jump of 1 at x̂, continuous from the left.
def jump_two_branches(x_hat: float) -> Program:
    """F with branches x <= x̂ and x > x̂: the left branch (x - x̂)^2 has derivative 0 at x̂."""

    def program(x: torch.Tensor) -> torch.Tensor:
        left = (x - x_hat) ** 2
        return torch.where(x <= x_hat, left, left + 1.0)

    return program


def jump_three_branches(x_hat: float, slope: float) -> Program:
    """The same f with a third branch x == x̂ returning slope (x - x̂): value 0, slope at x̂."""

    def program(x: torch.Tensor) -> torch.Tensor:
        left = (x - x_hat) ** 2
        at_jump = slope * (x - x_hat)
        return torch.where(x < x_hat, left, torch.where(x > x_hat, left + 1.0, at_jump))

    return program


# 000 section 1.2: g(x) = x^2 twice.
def square(x: torch.Tensor) -> torch.Tensor:
    """g(x) = x * x: PyTorch's derivative 2x, so 0 at 0."""
    return x * x


def square_with_branch(slope: float) -> Program:
    """g(x) = x^2 with a branch x == 0 returning slope x: same values, derivative slope at 0."""

    def program(x: torch.Tensor) -> torch.Tensor:
        return torch.where(x == 0, slope * x, x * x)

    return program


# 000 section 1.3: the halving loop.
def halving_loop(threshold: float, inclusive: bool) -> Program:
    """Halve every element until |x| < threshold (or <= when ``inclusive``); return the result.

    The loop runs on the whole grid at once; an element that has stopped is no longer halved,
    so its derivative is 2^-n for its own number n of halvings, as in a scalar loop.
    """

    def program(x: torch.Tensor) -> torch.Tensor:
        def running(values: torch.Tensor) -> torch.Tensor:
            small = values.abs() <= threshold if inclusive else values.abs() < threshold
            return ~small

        while bool(running(x).any()):
            x = torch.where(running(x), x / 2, x)
        return x

    return program


def halving_loop_scalar(
    x: torch.Tensor, threshold: float, inclusive: bool
) -> tuple[torch.Tensor, int]:
    """The document's loop on one scalar tensor, literally, and the number of halvings it made."""
    passes = 0
    while not (abs(x) <= threshold if inclusive else abs(x) < threshold):
        x, passes = x / 2, passes + 1
    return x, passes


# 000 section 1.4: the step function.
def step(x: torch.Tensor) -> torch.Tensor:
    """phi(x) = 1 for x >= 0, else 0, written so that it stays in the autograd graph.

    ``torch.where`` with branches 1 + 0x and 0x is how a program "contains phi as a
    component" of a differentiable computation; its derivative is 0 at every x.
    """
    return torch.where(x >= 0, 1.0 + 0.0 * x, 0.0 * x)


def step_by_comparison(x: torch.Tensor) -> torch.Tensor:
    """phi(x) as a comparison cast to float: the output leaves the graph (autograd gives None)."""
    return (x >= 0).to(x.dtype)


# 001 section 1.2 and 1.5.
def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """The logistic sigmoid 1 / (1 + exp(-x)), written out."""
    return 1.0 / (1.0 + torch.exp(-x))


# 002 part 1.
def midterm_function(x: torch.Tensor) -> torch.Tensor:
    """f(x) = sqrt(y) + sin(y) with y = 2 + x^3 + log(1 + x^3) (defined for x > -1)."""
    y = 2.0 + x**3 + torch.log(1.0 + x**3)
    return torch.sqrt(y) + torch.sin(y)


# 002 part 2.
def soft_threshold(y: torch.Tensor, threshold: float) -> torch.Tensor:
    """f_T(y): 0 on [-T, T], (y - T)^2 above T and (y + T)^3 below -T, elementwise."""
    return torch.where(
        y > threshold,
        (y - threshold) ** 2,
        torch.where(y < -threshold, (y + threshold) ** 3, torch.zeros_like(y)),
    )


def soft_threshold_branches(y: torch.Tensor, threshold: float) -> torch.Tensor:
    """f_T(y) of one scalar with if statements, as the document's ``softt``.

    Its middle branch is cut from the document's text; a fresh zero that requires grad is
    the branch that makes ``torch.autograd.grad(..., allow_unused=True)`` return None, as
    the document's test prints (a plain constant would make autograd.grad raise instead).
    """
    if -threshold <= y <= threshold:
        return torch.zeros((), dtype=y.dtype, requires_grad=True)
    if y > threshold:
        return (y - threshold) ** 2
    return (y + threshold) ** 3


# 004 problem 4.
def sign_factored(x: torch.Tensor) -> torch.Tensor:
    """f(x) = (2x sign(x) + 1) sign(x): 2x - 1, 0, 2x + 1 below, at and above 0 (Listing 1)."""
    s = torch.sign(x)
    return (2.0 * x * s + 1.0) * s


def sign_branches(x: torch.Tensor) -> torch.Tensor:
    """The same f by branches on the element's sign; the x == 0 branch is 2x (Listing 2)."""
    return torch.where(x > 0, 2.0 * x + 1.0, torch.where(x < 0, 2.0 * x - 1.0, 2.0 * x))


def line_through_sign_squared(x: torch.Tensor) -> torch.Tensor:
    """2x sign(x)^2: equal to 2x everywhere (both are 0 at 0), yet its derivative at 0 is 0."""
    return 2.0 * x * torch.sign(x) * torch.sign(x)


def line(x: torch.Tensor) -> torch.Tensor:
    """2x, the canonical way."""
    return 2.0 * x


def grid(low: float, high: float, points: int, *special: float) -> torch.Tensor:
    """Sorted float64 grid of ``points`` evenly spaced values plus the special points exactly."""
    even = torch.linspace(low, high, points, dtype=torch.float64)
    return torch.unique(torch.cat([even, torch.tensor(special, dtype=torch.float64)]))


def halving_grid(threshold: float, points: int) -> torch.Tensor:
    """Symmetric grid on [-1, 1], log-spaced in |x| down to threshold / 10, with 0 and every ±t 2^k.

    The points t 2^k are where the loop's number of halvings jumps; they must be on the grid
    for the staircase of the derivative to show where < and <= differ.
    """
    magnitudes = torch.logspace(math.log10(threshold / 10), 0, points // 2, dtype=torch.float64)
    jumps = threshold * 2.0 ** torch.arange(0, 64, dtype=torch.float64)
    magnitudes = torch.cat([magnitudes, jumps[jumps <= 1.0]])
    return torch.unique(torch.cat([-magnitudes, torch.zeros(1, dtype=torch.float64), magnitudes]))
