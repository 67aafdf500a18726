"""002 parts 1 and 2: the midterm's chain rule, the soft-threshold f_T and the module g_T."""

from __future__ import annotations

import numpy as np
import torch

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
    sgd_steps,
    symmetric_invertible_matrix,
)

DOCUMENT = DOCUMENTS["002"]
# The branch of f_T that entry i of M0 x falls in, cycling through all three.
BRANCHES = ("y > T", "y < -T", "-T <= y <= T")


def chain_rule_answers(s: AnswerSettings) -> list[Answer]:
    """Part 1 C: f(x) and f'(x) by autograd, beside the formula and the chain rule of 1 A."""
    x = float64(s.midterm_point).requires_grad_(True)
    value = programs.midterm_function(x)
    (slope,) = torch.autograd.grad(value, x)
    return [
        Answer(
            "midterm_value",
            DOCUMENT,
            "part 1 C",
            f"f({s.midterm_point:g})",
            float(value.detach()),
            closed_forms.midterm_value(s.midterm_point),
            "the formula in Python floats",
            decimals=4,
            document_value=2.5349,
            point=s.midterm_point,
        ),
        Answer(
            "midterm_derivative",
            DOCUMENT,
            "part 1 C",
            f"f'({s.midterm_point:g})",
            float(slope),
            closed_forms.midterm_derivative(s.midterm_point),
            "the chain rule of part 1 A",
            decimals=4,
            document_value=9.2485,
            point=s.midterm_point,
        ),
    ]


def document_example() -> Answer:
    """Part 2 B: the document's own test, softt_derivative(1.20, 3.14), which printed None."""
    y = float64(1.20).requires_grad_(True)
    output = programs.soft_threshold_branches(y, 3.14)
    (grad,) = torch.autograd.grad(outputs=output, inputs=y, allow_unused=True)
    return Answer(
        "softt_document_example",
        DOCUMENT,
        "part 2 B",
        f"softt_derivative(1.20, 3.14) with if statements: autograd.grad returns {grad!r} "
        "(None stands for 0)",
        0.0 if grad is None else float(grad),
        0.0,
        "closed form: f_T' = 0 on [-T, T]",
        point=1.20,
    )


def module_inputs(s: AnswerSettings) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Seeded x, M0 and the M0 x they are built for (the document's are random and unprinted).

    M0 is drawn; the entries of M0 x cycle through the branches of f_T, those outside
    [-T, T] at least T/2 beyond it (T (1.5 + u), -T (1.5 + u)) and those inside in
    [-T/2, T/2] (T (u - 0.5)), u uniform on [0, 1); x solves M0 x = that vector. So g_T and
    its gradients exercise all three branches, and no entry sits near a kink of f_T.
    """
    t, d = s.soft_threshold, s.module_dimension
    m0 = symmetric_invertible_matrix(d, s.module_seed)
    generator = torch.Generator().manual_seed(s.module_seed + 1)
    u = torch.rand(d, generator=generator, dtype=torch.float64)
    branch = torch.arange(d) % len(BRANCHES)
    target = torch.where(branch == 0, t * (1.5 + u), t * (u - 0.5))
    target = torch.where(branch == 1, -t * (1.5 + u), target)
    return torch.linalg.solve(m0, target), m0, target


def _soft_threshold_numpy(y: np.ndarray, t: float) -> np.ndarray:
    return np.where(y > t, (y - t) ** 2, np.where(y < -t, (y + t) ** 3, 0.0))


def module_answers(s: AnswerSettings) -> list[Answer]:
    """Part 2 D-E: M0 x, g_T(x; M0) and the gradients of phi, beside NumPy and differences."""
    t = s.soft_threshold
    x, m0, target = module_inputs(s)
    module = SoftThresholdModule(t, m0)
    xg = x.clone().requires_grad_(True)
    output = module(xg).detach()
    grad_x, grad_a = torch.autograd.grad(reconstruction_loss(module, xg), (xg, module.weights))
    x_np, m_np = x.numpy(), m0.numpy()

    def loss(v: np.ndarray, a: np.ndarray) -> float:
        m = (a + a.T) / 2
        return float(((v - np.linalg.solve(m, _soft_threshold_numpy(m @ v, t))) ** 2).sum())

    fd_x = closed_forms.central_difference(lambda v: loss(v, m_np), x_np)
    fd_a = closed_forms.central_difference(lambda a: loss(x_np, a), m_np)
    expected = np.linalg.solve(m_np, _soft_threshold_numpy(m_np @ x_np, t))
    differences, solve = "float64 central differences", "NumPy: solve(M0, f_T(M0 x))"
    parts = (
        ("module_output", "part 2 D", "g_T(x; M0)", output, expected, solve),
        ("module_grad_x", "part 2 E", "∂φ/∂x", grad_x, fd_x, differences),
        ("module_grad_m", "part 2 E", "∂φ/∂M (M = (A + A^T)/2)", grad_a, fd_a, differences),
    )
    products = [
        Answer(
            f"module_mx_{i}",
            DOCUMENT,
            "part 2 D",
            f"(M0 x)[{i}], branch {BRANCHES[i % len(BRANCHES)]}",
            float((m0 @ x)[i]),
            float(target[i]),
            "the seeded target x was solved for",
        )
        for i in range(len(x))
    ]
    return products + [
        answer
        for key, question, name, ours, theirs, method in parts
        for answer in entrywise(
            key,
            DOCUMENT,
            question,
            name,
            ours,
            theirs,
            method,
            tolerance=EXACT if key == "module_output" else FINITE_DIFFERENCE,
        )
    ]


def module_checks(s: AnswerSettings) -> list[Answer]:
    """Part 2 C: gradcheck of g_T in x and A, and M still symmetric after SGD steps on phi."""
    x, m0, _ = module_inputs(s)
    module = SoftThresholdModule(s.soft_threshold, m0)
    passes = torch.autograd.gradcheck(
        lambda v, a: torch.func.functional_call(module, {"weights": a}, (v,)),
        (x.clone().requires_grad_(True), m0.clone().requires_grad_(True)),
        raise_exception=False,
    )
    steps, lr = s.module_sgd["steps"], s.module_sgd["lr"]
    sgd_steps(module, x, steps, lr)
    with torch.no_grad():
        matrix = module.matrix
        moved = float((matrix - m0).abs().max())
        asymmetry = float((matrix - matrix.T).abs().max())
    return [
        Answer(
            "module_gradcheck",
            DOCUMENT,
            "part 2 C",
            "torch.autograd.gradcheck of g_T in x and A (float64): 1 = passes",
            float(passes),
            1.0,
            "autograd's Jacobian against finite differences (gradcheck)",
        ),
        Answer(
            "module_symmetric_after_sgd",
            DOCUMENT,
            "part 2 C",
            f"max |M - M^T| after {steps} SGD steps on φ at lr {lr:g} "
            f"(M moved by up to {moved:.3g})",
            asymmetry,
            0.0,
            "M = (A + A^T)/2 is symmetric for every A",
        ),
    ]


def midterm_answers(s: AnswerSettings) -> list[Answer]:
    """002 parts 1 and 2, in the document's order."""
    return [*chain_rule_answers(s), document_example(), *module_checks(s), *module_answers(s)]
