"""What PyTorch returns at the non-differentiable points of common functions, set against its rules.

PyTorch's autograd notes ("Gradients for non-differentiable functions") state, in order:
(1) use the gradient where it exists; (2) where the function is locally convex, the
subgradient of minimum norm; (3) where locally concave, the supergradient of minimum norm;
(4) where the function is defined, the gradient by continuity (inf allowed, e.g. sqrt at 0);
(5) where it is undefined, an arbitrary value. The expected value of each row is derived
from the rule by hand, not by autograd.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import torch

RULES = {
    2: "locally convex: subgradient of minimum norm",
    3: "locally concave: supergradient of minimum norm",
    4: "defined: gradient by continuity (inf allowed)",
}


@dataclass(frozen=True)
class Case:
    """A function, a point where it is not differentiable, the rule and its hand-derived value."""

    function: str
    point: str
    program: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    at: tuple[float, float]
    rule: int
    expected: tuple[float, float]
    reasoning: str


CASES = (
    Case(
        "relu(x)",
        "x = 0",
        lambda x, _: torch.relu(x),
        (0.0, 0.0),
        2,
        (0.0, 0.0),
        "subdifferential [0, 1]; minimum norm 0",
    ),
    Case(
        "abs(x)",
        "x = 0",
        lambda x, _: torch.abs(x),
        (0.0, 0.0),
        2,
        (0.0, 0.0),
        "subdifferential [-1, 1]; minimum norm 0",
    ),
    Case(
        "clamp(x, 0, 1)",
        "x = 0",
        lambda x, _: torch.clamp(x, 0, 1),
        (0.0, 0.0),
        2,
        (0.0, 0.0),
        "locally max(x, 0): subdifferential [0, 1]; minimum norm 0",
    ),
    Case(
        "clamp(x, 0, 1)",
        "x = 1",
        lambda x, _: torch.clamp(x, 0, 1),
        (1.0, 0.0),
        3,
        (0.0, 0.0),
        "locally min(x, 1): superdifferential [0, 1]; minimum norm 0",
    ),
    Case(
        "maximum(x, y)",
        "x = y = 1",
        torch.maximum,
        (1.0, 1.0),
        2,
        (0.5, 0.5),
        "subdifferential {(a, 1 - a): 0 <= a <= 1}; minimum norm (1/2, 1/2)",
    ),
    Case(
        "sign(x)",
        "x = 0",
        lambda x, _: torch.sign(x),
        (0.0, 0.0),
        4,
        (0.0, 0.0),
        "jump at 0; the derivative is 0 on both sides",
    ),
    Case(
        "floor(x)",
        "x = 1",
        lambda x, _: torch.floor(x),
        (1.0, 0.0),
        4,
        (0.0, 0.0),
        "jump at 1; the derivative is 0 on both sides",
    ),
    Case(
        "sqrt(x)",
        "x = 0",
        lambda x, _: torch.sqrt(x),
        (0.0, 0.0),
        4,
        (math.inf, 0.0),
        "1 / (2 sqrt(x)) tends to +inf as x -> 0+",
    ),
)


def pytorch_gradient(case: Case) -> tuple[float, float]:
    """Autograd's gradient of the case's function with respect to (x, y) at its point."""
    x, y = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in case.at)
    grads = torch.autograd.grad(case.program(x, y), (x, y), allow_unused=True)
    return tuple(0.0 if g is None else float(g) for g in grads)


def nondifferentiable_table() -> pd.DataFrame:
    """One row per case: PyTorch's value, the rule, its hand-derived value, and agreement."""
    rows = []
    for case in CASES:
        got = pytorch_gradient(case)
        two_inputs = case.function.startswith("maximum")
        rows.append(
            {
                "function": case.function,
                "point": case.point,
                "pytorch_gradient": str(got if two_inputs else got[0]),
                "rule": f"{case.rule}: {RULES[case.rule]}",
                "rule_gradient": str(case.expected if two_inputs else case.expected[0]),
                "why": case.reasoning,
                "follows_rule": got == case.expected,
            }
        )
    return pd.DataFrame(rows)
