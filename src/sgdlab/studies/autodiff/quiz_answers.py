"""001 section 1: the quiz values, each beside its closed form, rounded to 3 decimals."""

from __future__ import annotations

import numpy as np
import torch

from sgdlab.studies.autodiff import closed_forms, programs
from sgdlab.studies.autodiff.answer import DOCUMENTS, Answer, entrywise, float64
from sgdlab.studies.autodiff.settings import AnswerSettings

DOCUMENT = DOCUMENTS["001"]


def rational_answer(s: AnswerSettings) -> Answer:
    """1.1: f'(x) of f(x) = 2 / ((5 - x)^2 + 2^2) at the configured x."""
    x = float64(s.rational_point).requires_grad_(True)
    (2.0 / ((5.0 - x) ** 2 + 2.0**2)).backward()
    return Answer(
        "quiz_rational",
        DOCUMENT,
        "1.1",
        f"f'({s.rational_point:g}) for f(x) = 2 / ((5 - x)^2 + 2^2)",
        float(x.grad),
        closed_forms.rational_derivative(s.rational_point),
        "closed form 4 (5 - x) / ((5 - x)^2 + 4)^2",
        decimals=3,
        point=s.rational_point,
    )


def jacobian_answers(s: AnswerSettings) -> list[Answer]:
    """1.3: the four entries of the Jacobian of (x^2 + y^2, 2 x^2 y^2) at the point."""
    point = float64(list(s.jacobian_point))
    jacobian = torch.autograd.functional.jacobian(
        lambda v: torch.stack([v[0] ** 2 + v[1] ** 2, 2 * v[0] ** 2 * v[1] ** 2]), point
    )
    expected = closed_forms.two_component_jacobian(*s.jacobian_point)
    names = [["∂f1/∂x", "∂f1/∂y"], ["∂f2/∂x", "∂f2/∂y"]]
    return [
        Answer(
            f"quiz_df{i + 1}_d{'xy'[j]}",
            DOCUMENT,
            "1.3",
            f"{names[i][j]} at (x, y) = {tuple(s.jacobian_point)}",
            float(jacobian[i, j]),
            float(expected[i, j]),
            "closed form Jacobian [[2x, 2y], [4xy^2, 4x^2 y]]",
            decimals=3,
        )
        for i in range(2)
        for j in range(2)
    ]


def trace_answers(s: AnswerSettings) -> list[Answer]:
    """1.4: every entry of the gradient of trace(A^2) with respect to A."""
    matrix = float64([list(row) for row in s.trace_matrix]).requires_grad_(True)
    torch.trace(matrix @ matrix).backward()
    gradient = closed_forms.trace_square_gradient(np.array(s.trace_matrix))
    method = "closed form 2 A^T"
    name = "∂ trace(A^2) / ∂A"
    return entrywise("trace_grad", DOCUMENT, "1.4", name, matrix.grad, gradient, method, decimals=3)


def sigmoid_answers(s: AnswerSettings) -> list[Answer]:
    """1.5: sigma, sigma' and sigma'' (the latter through create_graph) at the configured x."""
    xs = float64(s.sigmoid_point).requires_grad_(True)
    value = programs.sigmoid(xs)
    (first,) = torch.autograd.grad(value, xs, create_graph=True)
    (second,) = torch.autograd.grad(first, xs)
    d1, d2 = closed_forms.sigmoid_derivatives(s.sigmoid_point)
    point = f"{s.sigmoid_point:g}"
    return [
        Answer(
            "sigmoid_value",
            DOCUMENT,
            "1.5",
            f"σ({point})",
            float(value.detach()),
            closed_forms.sigmoid(s.sigmoid_point),
            "closed form (1 + tanh(x / 2)) / 2",
            decimals=3,
            point=s.sigmoid_point,
        ),
        Answer(
            "sigmoid_first",
            DOCUMENT,
            "1.5",
            f"σ'({point})",
            float(first.detach()),
            d1,
            "closed form s (1 - s)",
            decimals=3,
            point=s.sigmoid_point,
        ),
        Answer(
            "sigmoid_second",
            DOCUMENT,
            "1.5",
            f"σ''({point}) via create_graph",
            float(second),
            d2,
            "closed form s (1 - s)(1 - 2s)",
            decimals=3,
            point=s.sigmoid_point,
        ),
    ]


def quiz_answers(s: AnswerSettings) -> list[Answer]:
    """001 section 1, in the document's order."""
    return [rational_answer(s), *jacobian_answers(s), *trace_answers(s), *sigmoid_answers(s)]
