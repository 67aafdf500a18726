"""000 section 1 and 004 problem 4: one function, several programs, several derivatives.

Each answer sets what PyTorch returns at a special point (a jump, a branch, the step
function, the sign function) beside the closed form of the branch the program takes there;
the step-training answers read the metrics of the run through phi. The halving loop of
section 1.3 is in ``halving_answers``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from sgdlab.studies.autodiff import programs
from sgdlab.studies.autodiff.answer import DOCUMENTS, Answer, derivative_at, float64
from sgdlab.studies.autodiff.settings import AnswerSettings
from sgdlab.studies.autodiff.step_training import REFERENCE


def jump_answers(s: AnswerSettings, grid: torch.Tensor) -> list[Answer]:
    """000 section 1.1: one function with a jump, two programs, derivatives 0 and -1728."""
    doc, x_hat = DOCUMENTS["000"], s.jump_point
    two, three = (
        programs.jump_two_branches(x_hat),
        programs.jump_three_branches(x_hat, s.jump_derivative),
    )
    return [
        Answer(
            "jump_two_branches",
            doc,
            "1.1",
            "derivative at x̂, two branches (x <= x̂, x > x̂)",
            derivative_at(two, x_hat),
            2 * (x_hat - x_hat),
            "closed form of the branch taken at x̂: d/dx (x - x̂)^2",
            document_value=0.0,
            point=x_hat,
        ),
        Answer(
            "jump_three_branches",
            doc,
            "1.1",
            "derivative at x̂, three branches (x == x̂ returns c (x - x̂))",
            derivative_at(three, x_hat),
            s.jump_derivative,
            "closed form of the branch taken at x̂: d/dx c (x - x̂) = c",
            document_value=-1728.0,
            point=x_hat,
        ),
        Answer(
            "jump_same_function",
            doc,
            "1.1",
            "max |f_two - f_three| on the grid (same function)",
            float((two(grid) - three(grid)).abs().max()),
            0.0,
            "identical by construction",
            points_checked=len(grid),
        ),
        *jump_shape_answers(two, x_hat),
    ]


def jump_shape_answers(program: programs.Program, x_hat: float) -> list[Answer]:
    """000 section 1.1: f(x̂) is the left branch's value, and f jumps by 1 just after x̂."""
    doc = DOCUMENTS["000"]
    at = float64([x_hat])
    after = float64([float(np.nextafter(x_hat, np.inf))])
    return [
        Answer(
            "jump_value",
            doc,
            "1.1",
            "f(x̂) (two branches)",
            float(program(at)[0]),
            0.0,
            "closed form of the left branch at x̂: (x̂ - x̂)^2",
            point=x_hat,
        ),
        Answer(
            "jump_size",
            doc,
            "1.1",
            "f(next float above x̂) - f(x̂): the jump",
            float(program(after)[0] - program(at)[0]),
            1.0,
            "closed form: the right branch adds 1",
            point=x_hat,
        ),
    ]


def square_answers(s: AnswerSettings, grid: torch.Tensor) -> list[Answer]:
    """000 section 1.2: x^2 as two programs, derivatives 0 and 897 at 0."""
    doc, squared = DOCUMENTS["000"], programs.square_with_branch(s.square_derivative)
    return [
        Answer(
            "square_product",
            doc,
            "1.2",
            "derivative of x * x at 0",
            derivative_at(programs.square, 0.0),
            0.0,
            "closed form 2x at 0",
            document_value=0.0,
            point=0.0,
        ),
        Answer(
            "square_branch",
            doc,
            "1.2",
            "derivative of x^2 with a branch x == 0 returning c x, at 0",
            derivative_at(squared, 0.0),
            s.square_derivative,
            "closed form of the branch taken at 0: d/dx c x = c",
            document_value=897.0,
            point=0.0,
        ),
        Answer(
            "square_same_function",
            doc,
            "1.2",
            "max |x*x - branched x^2| on the grid",
            float((programs.square(grid) - squared(grid)).abs().max()),
            0.0,
            "identical: c x = 0 = x^2 at x = 0",
            points_checked=len(grid),
        ),
    ]


def step_answers() -> list[Answer]:
    """000 section 1.4: PyTorch's derivative of the step function phi at 0, two ways."""
    doc = DOCUMENTS["000"]
    return [
        Answer(
            "step_where",
            doc,
            "1.4",
            "derivative of phi at 0 (torch.where, in the graph)",
            derivative_at(programs.step, 0.0),
            0.0,
            "closed form: phi is constant on each side, the branch 1 + 0x has slope 0",
            point=0.0,
        ),
        Answer(
            "step_comparison",
            doc,
            "1.4",
            "derivative of phi at 0 as (x >= 0).double(): None, read as 0",
            derivative_at(programs.step_by_comparison, 0.0),
            0.0,
            "a comparison is not differentiable: the output leaves the graph",
            point=0.0,
        ),
    ]


def step_training_answers(metrics: pd.DataFrame) -> list[Answer]:
    """000 section 1.4: the classifier trained through phi does not move; the logistic one learns.

    ``metrics`` are the step-training job's rows (``step_training.train_both``).
    """
    doc = DOCUMENTS["000"]
    runs = {kind: run for kind, run in metrics.groupby("loss")}
    step, logistic = runs["step"], runs["logistic"]
    final, reference = step.iloc[-1], runs[REFERENCE].iloc[-1]
    updates = int(final["update"])
    return [
        Answer(
            "step_training_weight_change",
            doc,
            "1.4",
            f"max |w - w0| after {updates} SGD updates through phi (0/1 loss)",
            float(final["max_weight_change"]),
            0.0,
            "phi' = 0 wherever it exists, so every step is 0",
        ),
        Answer(
            "step_training_accuracy",
            doc,
            "1.4",
            f"training accuracy after {updates} SGD updates through phi",
            float(final["train_accuracy"]),
            float(step.iloc[0]["train_accuracy"]),
            "the weights never move: the accuracy before training",
        ),
        Answer(
            "logistic_training_accuracy",
            doc,
            "1.4",
            f"training accuracy after {updates} SGD updates on the logistic loss",
            float(logistic.iloc[-1]["train_accuracy"]),
            float(reference["train_accuracy"]),
            "the same training with nn.Linear, torch.optim.SGD and BCE with logits",
        ),
    ]


def sign_answers() -> list[Answer]:
    """004 problem 4 and its extra credit: derivatives 0 and 2 of one function at 0."""
    doc = DOCUMENTS["004"]
    return [
        Answer(
            "sign_factored",
            doc,
            "problem 4.2",
            "derivative at 0 of (2x sign(x) + 1) sign(x)",
            derivative_at(programs.sign_factored, 0.0),
            2 * np.sign(0.0) ** 2,
            "product rule with sign'(x) = 0: 2 sign(x)^2 + (4x sign(x) + 1) sign'(x)",
            document_value=0.0,
            point=0.0,
        ),
        Answer(
            "sign_branches",
            doc,
            "problem 4.3",
            "derivative at 0 of the element-wise branches (2x at 0)",
            derivative_at(programs.sign_branches, 0.0),
            2.0,
            "closed form of the branch taken at 0: d/dx 2x",
            document_value=2.0,
            point=0.0,
        ),
        Answer(
            "sign_squared_line",
            doc,
            "extra credit",
            "derivative at 0 of 2x sign(x)^2",
            derivative_at(programs.line_through_sign_squared, 0.0),
            2 * np.sign(0.0) ** 2,
            "product rule with sign'(x) = 0: 2 sign(x)^2",
            document_value=0.0,
            point=0.0,
        ),
        Answer(
            "line",
            doc,
            "extra credit",
            "derivative at 0 of 2x",
            derivative_at(programs.line, 0.0),
            2.0,
            "closed form",
            document_value=2.0,
            point=0.0,
        ),
    ]
