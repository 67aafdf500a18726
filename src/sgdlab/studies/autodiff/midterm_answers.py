"""002 parts 1, 2 and 4: the midterm's chain rule, the soft-threshold module g_T, CNN shapes."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from sgdlab.studies.autodiff import closed_forms, programs
from sgdlab.studies.autodiff.answer import (
    DOCUMENTS,
    EXACT,
    FINITE_DIFFERENCE,
    Answer,
    entrywise,
    float64,
)
from sgdlab.studies.autodiff.settings import AnswerSettings
from sgdlab.studies.autodiff.soft_threshold import (
    SoftThresholdModule,
    reconstruction_loss,
    symmetric_invertible_matrix,
)


def midterm_answers(s: AnswerSettings) -> list[Answer]:
    """002 parts 1, 2 (D, E) and 4 (section 1a and 2d)."""
    doc = DOCUMENTS["002"]
    x = float64(s.midterm_point).requires_grad_(True)
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
    return rows + module_answers(s) + shape_answers(s)


def _soft_threshold_numpy(y: np.ndarray, t: float) -> np.ndarray:
    return np.where(y > t, (y - t) ** 2, np.where(y < -t, (y + t) ** 3, 0.0))


def module_inputs(s: AnswerSettings) -> tuple[torch.Tensor, torch.Tensor]:
    """The seeded x and M0 of 002 part 2 D-E (the document's own are random and unprinted)."""
    generator = torch.Generator().manual_seed(s.module_seed + 1)
    x = torch.randn(s.module_dimension, generator=generator, dtype=torch.float64)
    return x, symmetric_invertible_matrix(s.module_dimension, s.module_seed)


def module_answers(s: AnswerSettings) -> list[Answer]:
    """Part 2 D-E: g_T(x; M0) and the gradients of phi, beside NumPy and finite differences."""
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
    expected, solve = g_numpy(x_np, m_np), "NumPy: solve(M0, f_T(M0 x))"
    differences = "float64 central differences"
    parts = (
        ("part 2 D", "g_T(x; M0)", output, expected, solve, EXACT),
        ("part 2 E", "∂φ/∂x", grad_x, fd_x, differences, FINITE_DIFFERENCE),
        ("part 2 E", "∂φ/∂M", grad_m, fd_m, differences, FINITE_DIFFERENCE),
    )
    return [
        answer
        for question, name, ours, theirs, method, tolerance in parts
        for answer in entrywise(doc, question, name, ours, theirs, method, tolerance=tolerance)
    ]


def shape_answers(s: AnswerSettings) -> list[Answer]:
    """Part 4: the CNN output size (1a) and the pooling cost (2d), beside their formulas."""
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
