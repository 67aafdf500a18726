"""000 section 1 and 004 problem 4: one function, several programs, several derivatives.

Each answer sets what PyTorch returns at a special point (a jump, a branch, a halving
threshold, the step function, the sign function) beside the closed form of the branch the
program takes there.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from sgdlab.studies.autodiff import closed_forms, programs
from sgdlab.studies.autodiff.answer import DOCUMENTS, Answer, derivative_at, float64
from sgdlab.studies.autodiff.settings import AnswerSettings


def jump_answers(s: AnswerSettings, grid: torch.Tensor) -> list[Answer]:
    """000 section 1.1: one function with a jump, two programs, derivatives 0 and -1728."""
    doc, x_hat = DOCUMENTS["000"], s.jump_point
    two, three = (
        programs.jump_two_branches(x_hat),
        programs.jump_three_branches(x_hat, s.jump_derivative),
    )
    return [
        Answer(
            doc,
            "1.1",
            "derivative at x̂, two branches (x <= x̂, x > x̂)",
            derivative_at(two, x_hat),
            2 * (x_hat - x_hat),
            "closed form of the branch taken at x̂: d/dx (x - x̂)^2",
            document_value=0.0,
        ),
        Answer(
            doc,
            "1.1",
            "derivative at x̂, three branches (x == x̂ returns c (x - x̂))",
            derivative_at(three, x_hat),
            s.jump_derivative,
            "closed form of the branch taken at x̂: d/dx c (x - x̂) = c",
            document_value=-1728.0,
        ),
        Answer(
            doc,
            "1.1",
            "max |f_two - f_three| on the grid (same function)",
            float((two(grid) - three(grid)).abs().max()),
            0.0,
            "identical by construction",
        ),
    ]


def square_answers(s: AnswerSettings, grid: torch.Tensor) -> list[Answer]:
    """000 section 1.2: x^2 as two programs, derivatives 0 and 897 at 0."""
    doc, squared = DOCUMENTS["000"], programs.square_with_branch(s.square_derivative)
    return [
        Answer(
            doc,
            "1.2",
            "derivative of x * x at 0",
            derivative_at(programs.square, 0.0),
            0.0,
            "closed form 2x at 0",
            document_value=0.0,
        ),
        Answer(
            doc,
            "1.2",
            "derivative of x^2 with a branch x == 0 returning c x, at 0",
            derivative_at(squared, 0.0),
            s.square_derivative,
            "closed form of the branch taken at 0: d/dx c x = c",
            document_value=897.0,
        ),
        Answer(
            doc,
            "1.2",
            "max |x*x - branched x^2| on the grid",
            float((programs.square(grid) - squared(grid)).abs().max()),
            0.0,
            "identical: c x = 0 = x^2 at x = 0",
        ),
    ]


def halving_answers(s: AnswerSettings) -> list[Answer]:
    """000 section 1.3: the halving loop, where < and <= differ, and psi there."""
    doc, t = DOCUMENTS["000"], s.halving_threshold
    strict, inclusive = programs.halving_loop(t, False), programs.halving_loop(t, True)
    candidates = t * 2.0 ** torch.arange(0, 64, dtype=torch.float64)
    candidates = candidates[candidates <= 1.0]
    differ = programs.pytorch_derivative(strict, candidates) != programs.pytorch_derivative(
        inclusive, candidates
    )
    found = float(candidates[differ].max())
    x_hat = s.halving_point
    return [
        Answer(
            doc,
            "1.3",
            "largest x̂ in [0, 1] where < and <= give different derivatives",
            found,
            t * 2.0 ** math.floor(math.log2(1.0 / t)),
            "closed form: x̂ = t 2^k, the largest with t 2^k <= 1",
        ),
        Answer(
            doc,
            "1.3",
            "derivative at x̂ with |x| < t",
            derivative_at(strict, x_hat),
            closed_forms.psi_derivative(x_hat, t, False),
            "closed form psi'(x) = 2^-n(x)",
        ),
        Answer(
            doc,
            "1.3",
            "derivative at x̂ with |x| <= t",
            derivative_at(inclusive, x_hat),
            closed_forms.psi_derivative(x_hat, t, True),
            "closed form psi'(x) = 2^-n(x)",
        ),
        Answer(
            doc,
            "1.3",
            "psi(x̂) with |x| < t",
            float(strict(float64(x_hat))),
            closed_forms.psi(x_hat, t, False),
            "closed form psi(x) = x 2^-n(x)",
        ),
        Answer(
            doc,
            "1.3",
            "psi(x̂) with |x| <= t",
            float(inclusive(float64(x_hat))),
            closed_forms.psi(x_hat, t, True),
            "closed form psi(x) = x 2^-n(x)",
        ),
    ]


def step_answers() -> list[Answer]:
    """000 section 1.4: PyTorch's derivative of the step function phi at 0, two ways."""
    doc = DOCUMENTS["000"]
    return [
        Answer(
            doc,
            "1.4",
            "derivative of phi at 0 (torch.where, in the graph)",
            derivative_at(programs.step, 0.0),
            0.0,
            "closed form: phi is constant on each side, the branch 1 + 0x has slope 0",
        ),
        Answer(
            doc,
            "1.4",
            "derivative of phi at 0 as (x >= 0).double(): None, read as 0",
            derivative_at(programs.step_by_comparison, 0.0),
            0.0,
            "a comparison is not differentiable: the output leaves the graph",
        ),
    ]


def step_training_answer(max_weight_change: float, updates: int) -> Answer:
    """000 section 1.4: the largest weight change of the classifier trained through phi."""
    return Answer(
        DOCUMENTS["000"],
        "1.4",
        f"max |w - w0| after {updates} SGD updates through phi (0/1 loss)",
        max_weight_change,
        0.0,
        "phi' = 0 wherever it exists, so every step is 0",
    )


def sign_answers() -> list[Answer]:
    """004 problem 4 and its extra credit: derivatives 0 and 2 of one function at 0."""
    doc = DOCUMENTS["004"]
    return [
        Answer(
            doc,
            "problem 4.2",
            "derivative at 0 of (2x sign(x) + 1) sign(x)",
            derivative_at(programs.sign_factored, 0.0),
            2 * np.sign(0.0) ** 2,
            "product rule with sign'(x) = 0: 2 sign(x)^2 + (4x sign(x) + 1) sign'(x)",
            document_value=0.0,
        ),
        Answer(
            doc,
            "problem 4.3",
            "derivative at 0 of the element-wise branches (2x at 0)",
            derivative_at(programs.sign_branches, 0.0),
            2.0,
            "closed form of the branch taken at 0: d/dx 2x",
            document_value=2.0,
        ),
        Answer(
            doc,
            "extra credit",
            "derivative at 0 of 2x sign(x)^2",
            derivative_at(programs.line_through_sign_squared, 0.0),
            2 * np.sign(0.0) ** 2,
            "product rule with sign'(x) = 0: 2 sign(x)^2",
            document_value=0.0,
        ),
        Answer(
            doc,
            "extra credit",
            "derivative at 0 of 2x",
            derivative_at(programs.line, 0.0),
            2.0,
            "closed form",
            document_value=2.0,
        ),
    ]
