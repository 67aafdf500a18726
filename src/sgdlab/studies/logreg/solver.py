"""Full-batch solvers on hand-written gradients: L-BFGS to a gradient tolerance, and plain GD."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch

Objective = Callable[[torch.Tensor], tuple[torch.Tensor, torch.Tensor]]


@dataclass
class Solution:
    """The minimizer found, its gradient's max-norm, L-BFGS iterations and optional trace.

    ``trace`` holds the iterate after every iteration when it was asked for.
    """

    weights: torch.Tensor
    grad_max: float
    iterations: int
    trace: list[torch.Tensor] = field(default_factory=list)


def lbfgs(
    objective: Objective,
    start: torch.Tensor,
    grad_tol: float,
    max_iter: int,
    history: int = 20,
    keep_trace: bool = False,
) -> Solution:
    """Minimize with torch.optim.LBFGS (strong Wolfe) until max|gradient| <= ``grad_tol``.

    The gradient is the hand-derived one that ``objective`` returns, not autograd's. It also
    stops when the line search can no longer move (float64 resolution of the objective).
    With ``keep_trace`` it runs one iteration per step call to record every iterate.
    """
    w = start.detach().clone().requires_grad_(True)
    chunk = 1 if keep_trace else max_iter
    optimizer = torch.optim.LBFGS(
        [w],
        lr=1.0,
        max_iter=chunk,
        max_eval=2 * chunk + 20,
        tolerance_grad=grad_tol,
        tolerance_change=0.0,
        history_size=history,
        line_search_fn="strong_wolfe",
    )

    def closure() -> torch.Tensor:
        with torch.no_grad():
            value, grad = objective(w)
        w.grad = grad
        return value

    trace = []
    done = 0
    while done < max_iter:
        optimizer.step(closure)
        state = optimizer.state[w]
        moved = state["n_iter"] - done
        done = state["n_iter"]
        if keep_trace:
            trace.append(w.detach().clone())
        grad_max = float(w.grad.abs().max())
        if grad_max <= grad_tol or moved == 0 or not keep_trace:
            break
    with torch.no_grad():
        _, grad = objective(w)
    return Solution(w.detach(), float(grad.abs().max()), done, trace)


def gradient_descent(
    gradient: Callable[[torch.Tensor], torch.Tensor],
    start: torch.Tensor,
    step: float,
    iterations: int,
    record: set[int],
) -> dict[int, torch.Tensor]:
    """Plain gradient descent w <- w - step * gradient(w); the iterates at ``record``."""
    w = start.clone()
    kept = {0: w.clone()} if 0 in record else {}
    for t in range(1, iterations + 1):
        w = w - step * gradient(w)
        if t in record:
            kept[t] = w.clone()
    return kept
