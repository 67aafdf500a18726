"""Every value the documents ask for, computed with PyTorch beside an independent derivation.

One row per value: document, question, quantity, PyTorch's value (float64), the value
derived without autograd (closed form, NumPy evaluation of the formula, float64 central
differences, or counting), whether they agree, the value rounded as the document asks, and
the document's printed or asked-for value where there is one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from sgdlab.studies.autodiff import closed_forms, programs
from sgdlab.studies.autodiff.settings import AutodiffSettings
from sgdlab.studies.autodiff.soft_threshold import (
    SoftThresholdModule,
    reconstruction_loss,
    symmetric_invertible_matrix,
)

DOCUMENTS = {
    "000": "000_c9208c5f745f8f12.txt",
    "001": "001_d450d758804f5c5c.txt",
    "002": "002_8b264e80ed0c5d82.txt",
    "004": "004_3f409878d5cce0ab.txt",
}
EXACT = 1e-12
FINITE_DIFFERENCE = 1e-6


@dataclass(frozen=True)
class Answer:
    """One asked-for value, its independent derivation and the document's value if any."""

    document: str
    question: str
    quantity: str
    pytorch_value: float
    independent_value: float
    independent_method: str
    decimals: int | None = None
    document_value: float | None = None
    tolerance: float = EXACT


def _t(value: float | list) -> torch.Tensor:
    return torch.tensor(value, dtype=torch.float64)


def _derivative_at(program: programs.Program, x: float) -> float:
    return float(programs.pytorch_derivative(program, _t([x]))[0])


def edge_case_answers(s: AutodiffSettings, grid: torch.Tensor) -> list[Answer]:
    """000 sections 1.1-1.3 and 004 problem 4: one function, two programs, two derivatives."""
    doc, x_hat = DOCUMENTS["000"], s.jump_point
    two, three = (
        programs.jump_two_branches(x_hat),
        programs.jump_three_branches(x_hat, s.jump_derivative),
    )
    squared = programs.square_with_branch(s.square_derivative)
    rows = [
        Answer(
            doc,
            "1.1",
            "derivative at x̂, two branches (x <= x̂, x > x̂)",
            _derivative_at(two, x_hat),
            2 * (x_hat - x_hat),
            "closed form of the branch taken at x̂: d/dx (x - x̂)^2",
            document_value=0.0,
        ),
        Answer(
            doc,
            "1.1",
            "derivative at x̂, three branches (x == x̂ returns c (x - x̂))",
            _derivative_at(three, x_hat),
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
        Answer(
            doc,
            "1.2",
            "derivative of x * x at 0",
            _derivative_at(programs.square, 0.0),
            0.0,
            "closed form 2x at 0",
            document_value=0.0,
        ),
        Answer(
            doc,
            "1.2",
            "derivative of x^2 with a branch x == 0 returning c x, at 0",
            _derivative_at(squared, 0.0),
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
    return rows + _halving_answers(s) + _step_answers()


def _halving_answers(s: AutodiffSettings) -> list[Answer]:
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
            _derivative_at(strict, x_hat),
            closed_forms.psi_derivative(x_hat, t, False),
            "closed form psi'(x) = 2^-n(x)",
        ),
        Answer(
            doc,
            "1.3",
            "derivative at x̂ with |x| <= t",
            _derivative_at(inclusive, x_hat),
            closed_forms.psi_derivative(x_hat, t, True),
            "closed form psi'(x) = 2^-n(x)",
        ),
        Answer(
            doc,
            "1.3",
            "psi(x̂) with |x| < t",
            float(strict(_t(x_hat))),
            closed_forms.psi(x_hat, t, False),
            "closed form psi(x) = x 2^-n(x)",
        ),
        Answer(
            doc,
            "1.3",
            "psi(x̂) with |x| <= t",
            float(inclusive(_t(x_hat))),
            closed_forms.psi(x_hat, t, True),
            "closed form psi(x) = x 2^-n(x)",
        ),
    ]


def _step_answers() -> list[Answer]:
    doc = DOCUMENTS["000"]
    return [
        Answer(
            doc,
            "1.4",
            "derivative of phi at 0 (torch.where, in the graph)",
            _derivative_at(programs.step, 0.0),
            0.0,
            "closed form: phi is constant on each side, the branch 1 + 0x has slope 0",
        ),
        Answer(
            doc,
            "1.4",
            "derivative of phi at 0 as (x >= 0).double(): None, read as 0",
            _derivative_at(programs.step_by_comparison, 0.0),
            0.0,
            "a comparison is not differentiable: the output leaves the graph",
        ),
    ]


def sign_answers() -> list[Answer]:
    """004 problem 4 and its extra credit: derivatives 0 and 2 of one function at 0."""
    doc = DOCUMENTS["004"]
    return [
        Answer(
            doc,
            "problem 4.2",
            "derivative at 0 of (2x sign(x) + 1) sign(x)",
            _derivative_at(programs.sign_factored, 0.0),
            2 * np.sign(0.0) ** 2,
            "product rule with sign'(x) = 0: 2 sign(x)^2 + (4x sign(x) + 1) sign'(x)",
            document_value=0.0,
        ),
        Answer(
            doc,
            "problem 4.3",
            "derivative at 0 of the element-wise branches (2x at 0)",
            _derivative_at(programs.sign_branches, 0.0),
            2.0,
            "closed form of the branch taken at 0: d/dx 2x",
            document_value=2.0,
        ),
        Answer(
            doc,
            "extra credit",
            "derivative at 0 of 2x sign(x)^2",
            _derivative_at(programs.line_through_sign_squared, 0.0),
            2 * np.sign(0.0) ** 2,
            "product rule with sign'(x) = 0: 2 sign(x)^2",
            document_value=0.0,
        ),
        Answer(
            doc,
            "extra credit",
            "derivative at 0 of 2x",
            _derivative_at(programs.line, 0.0),
            2.0,
            "closed form",
            document_value=2.0,
        ),
    ]


def quiz_answers(s: AutodiffSettings) -> list[Answer]:
    """001 section 1: the quiz values, each beside its closed form."""
    doc = DOCUMENTS["001"]
    x = _t(s.rational_point).requires_grad_(True)
    (2.0 / ((5.0 - x) ** 2 + 2.0**2)).backward()
    rows = [
        Answer(
            doc,
            "1.1",
            f"f'({s.rational_point:g}) for f(x) = 2 / ((5 - x)^2 + 2^2)",
            float(x.grad),
            closed_forms.rational_derivative(s.rational_point),
            "closed form 4 (5 - x) / ((5 - x)^2 + 4)^2",
            decimals=3,
        ),
    ]
    point = _t(list(s.jacobian_point))
    jacobian = torch.autograd.functional.jacobian(
        lambda v: torch.stack([v[0] ** 2 + v[1] ** 2, 2 * v[0] ** 2 * v[1] ** 2]), point
    )
    expected = closed_forms.two_component_jacobian(*s.jacobian_point)
    names = [["∂f1/∂x", "∂f1/∂y"], ["∂f2/∂x", "∂f2/∂y"]]
    for i in range(2):
        for j in range(2):
            rows.append(
                Answer(
                    doc,
                    "1.3",
                    f"{names[i][j]} at (x, y) = {tuple(s.jacobian_point)}",
                    float(jacobian[i, j]),
                    float(expected[i, j]),
                    "closed form Jacobian [[2x, 2y], [4xy^2, 4x^2 y]]",
                    decimals=3,
                )
            )
    matrix = _t([list(row) for row in s.trace_matrix]).requires_grad_(True)
    torch.trace(matrix @ matrix).backward()
    gradient = closed_forms.trace_square_gradient(np.array(s.trace_matrix))
    for i, j in np.ndindex(gradient.shape):
        rows.append(
            Answer(
                doc,
                "1.4",
                f"∂ trace(A^2) / ∂A[{i}, {j}]",
                float(matrix.grad[i, j]),
                float(gradient[i, j]),
                "closed form 2 A^T",
                decimals=3,
            )
        )
    xs = _t(s.sigmoid_point).requires_grad_(True)
    (first,) = torch.autograd.grad(programs.sigmoid(xs), xs, create_graph=True)
    (second,) = torch.autograd.grad(first, xs)
    d1, d2 = closed_forms.sigmoid_derivatives(s.sigmoid_point)
    rows += [
        Answer(
            doc,
            "1.5",
            f"σ'({s.sigmoid_point:g})",
            float(first.detach()),
            d1,
            "closed form s (1 - s)",
            decimals=3,
        ),
        Answer(
            doc,
            "1.5",
            f"σ''({s.sigmoid_point:g}) via create_graph",
            float(second),
            d2,
            "closed form s (1 - s)(1 - 2s)",
            decimals=3,
        ),
    ]
    return rows


def midterm_answers(s: AutodiffSettings) -> list[Answer]:
    """002 parts 1, 2 (D, E) and 4 (section 1a and 2d)."""
    doc = DOCUMENTS["002"]
    x = _t(s.midterm_point).requires_grad_(True)
    value = programs.midterm_function(x)
    (slope,) = torch.autograd.grad(value, x)
    rows = [
        Answer(
            doc,
            "part 1 C",
            f"f({s.midterm_point:g})",
            float(value.detach()),
            closed_forms.midterm_value(s.midterm_point),
            "the formula in Python floats",
            decimals=4,
            document_value=2.5349,
        ),
        Answer(
            doc,
            "part 1 C",
            f"f'({s.midterm_point:g})",
            float(slope),
            closed_forms.midterm_derivative(s.midterm_point),
            "the chain rule of part 1 A",
            decimals=4,
            document_value=9.2485,
        ),
    ]
    return rows + _module_answers(s) + _shape_answers(s)


def _soft_threshold_numpy(y: np.ndarray, t: float) -> np.ndarray:
    return np.where(y > t, (y - t) ** 2, np.where(y < -t, (y + t) ** 3, 0.0))


def module_inputs(s: AutodiffSettings) -> tuple[torch.Tensor, torch.Tensor]:
    """The seeded x and M0 of 002 part 2 D-E (the document's own are random and unprinted)."""
    generator = torch.Generator().manual_seed(s.module_seed + 1)
    x = torch.randn(s.module_dimension, generator=generator, dtype=torch.float64)
    return x, symmetric_invertible_matrix(s.module_dimension, s.module_seed)


def _module_answers(s: AutodiffSettings) -> list[Answer]:
    doc, t = DOCUMENTS["002"], s.soft_threshold
    x, m0 = module_inputs(s)
    module = SoftThresholdModule(t, m0)
    xg = x.clone().requires_grad_(True)
    output = module(xg).detach()
    grad_x, grad_m = torch.autograd.grad(reconstruction_loss(module, xg), (xg, module.matrix))
    x_np, m_np = x.numpy(), m0.numpy()

    def g_numpy(v: np.ndarray, m: np.ndarray) -> np.ndarray:
        return np.linalg.solve(m, _soft_threshold_numpy(m @ v, t))

    def loss(v: np.ndarray, m: np.ndarray) -> float:
        return float(((v - g_numpy(v, m)) ** 2).sum())

    fd_x = closed_forms.central_difference(lambda v: loss(v, m_np), x_np)
    fd_m = closed_forms.central_difference(lambda m: loss(x_np, m), m_np)
    expected = g_numpy(x_np, m_np)
    rows = [
        Answer(
            doc,
            "part 2 D",
            f"g_T(x; M0)[{i}]",
            float(output[i]),
            float(expected[i]),
            "NumPy: solve(M0, f_T(M0 x))",
        )
        for i in range(len(x))
    ]
    rows += [
        Answer(
            doc,
            "part 2 E",
            f"∂φ/∂x[{i}]",
            float(grad_x[i]),
            float(fd_x[i]),
            "float64 central differences",
            tolerance=FINITE_DIFFERENCE,
        )
        for i in range(len(x))
    ]
    rows += [
        Answer(
            doc,
            "part 2 E",
            f"∂φ/∂M[{i}, {j}]",
            float(grad_m[i, j]),
            float(fd_m[i, j]),
            "float64 central differences",
            tolerance=FINITE_DIFFERENCE,
        )
        for i, j in np.ndindex(fd_m.shape)
    ]
    return rows


def _shape_answers(s: AutodiffSettings) -> list[Answer]:
    doc, c = DOCUMENTS["002"], s.conv
    conv = torch.nn.Conv2d(1, c["channels"], c["kernel"], stride=c["stride"], padding=c["padding"])
    with torch.no_grad():
        out = conv(torch.zeros(1, 1, c["size"], c["size"]))
    side = closed_forms.conv_output_size(c["size"], c["kernel"], c["padding"], c["stride"])
    p = s.pooling
    window, padding, stride = tuple(p["window"]), tuple(p["padding"]), tuple(p["stride"])
    inputs = torch.zeros(1, p["channels"], p["height"], p["width"])
    windows = F.unfold(inputs, kernel_size=window, padding=padding, stride=stride)
    cost = closed_forms.pooling_cost(
        p["channels"], p["height"], p["width"], window, padding, stride
    )
    return [
        Answer(
            doc,
            "part 4, 1a",
            "output height = width (nn.Conv2d on a real tensor)",
            float(out.shape[-1]),
            float(side),
            "floor((W - K + 2P) / S) + 1",
            document_value=6.0,
        ),
        Answer(
            doc,
            "part 4, 1a",
            "flattened output size (nn.Conv2d)",
            float(out[0].numel()),
            float(c["channels"] * side * side),
            "N (floor((W - K + 2P) / S) + 1)^2",
            document_value=576.0,
        ),
        Answer(
            doc,
            "part 4, 2d",
            f"pooling cost, input {p['channels']}x{p['height']}x{p['width']}",
            float(windows.numel()),
            float(cost),
            "c h' w' p_h p_w, counted in the windows torch's unfold forms",
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


def answers_table(answers: list[Answer]) -> pd.DataFrame:
    """The answers as a table, with agreement, rounding and the document check."""
    rows = []
    for a in answers:
        agrees = math.isclose(
            a.pytorch_value, a.independent_value, rel_tol=a.tolerance, abs_tol=a.tolerance
        )
        rounded = None if a.decimals is None else round(a.pytorch_value, a.decimals)
        shown = a.pytorch_value if rounded is None else rounded
        rows.append(
            {
                "document": a.document,
                "question": a.question,
                "quantity": a.quantity,
                "pytorch_value": a.pytorch_value,
                "independent_value": a.independent_value,
                "independent_method": a.independent_method,
                "abs_difference": abs(a.pytorch_value - a.independent_value),
                "agrees": agrees,
                "rounded": "" if a.decimals is None else f"{rounded:.{a.decimals}f}",
                "document_value": a.document_value,
                "matches_document": None if a.document_value is None else shown == a.document_value,
            }
        )
    return pd.DataFrame(rows)


def _cell(text: str) -> str:
    """Escape the pipes of |x| so that Markdown keeps the table's columns."""
    return text.replace("|", "\\|")


def markdown_table(table: pd.DataFrame) -> str:
    """The answers table as Markdown, full values to 10 significant digits."""
    lines = [
        "| document | question | quantity | PyTorch | independent | method | agrees | "
        "as asked | document |",
        "|---|---|---|---:|---:|---|:---:|---:|---:|",
    ]
    for row in table.itertuples():
        document = "" if pd.isna(row.document_value) else f"{row.document_value:g}"
        if row.matches_document is not None and not pd.isna(row.matches_document):
            document += " ✓" if row.matches_document else " ✗"
        lines.append(
            f"| {row.document[:3]} | {row.question} | {_cell(row.quantity)} "
            f"| {row.pytorch_value:.10g} "
            f"| {row.independent_value:.10g} | {row.independent_method} | "
            f"{'yes' if row.agrees else 'NO'} | {row.rounded} | {document} |"
        )
    return "\n".join(lines) + "\n"


def build(s: AutodiffSettings, step_metrics: pd.DataFrame) -> pd.DataFrame:
    """The whole answers table, in document order (000, 001, 002, 004)."""
    grid = programs.grid(s.jump_point - 2, s.jump_point + 2, s.grid_points, s.jump_point, 0.0)
    final = step_metrics[step_metrics["loss"] == "step"].iloc[-1]
    answers = [
        *edge_case_answers(s, grid),
        step_training_answer(float(final["max_weight_change"]), int(final["update"])),
        *quiz_answers(s),
        *midterm_answers(s),
        *sign_answers(),
    ]
    return answers_table(answers)
