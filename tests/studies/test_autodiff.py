"""Autodiff study: every answer against an independent derivation, every figure's data checked."""

import math
import random

import numpy as np
import pytest
import torch
import yaml

from sgdlab.studies.autodiff import FUNCTION_FIGURES, closed_forms, programs, tables
from sgdlab.studies.autodiff.figures import FUNCTION_PLOTS
from sgdlab.studies.autodiff.nondifferentiable import nondifferentiable_table
from sgdlab.studies.autodiff.settings import AnswerSettings, FigureSettings
from sgdlab.studies.autodiff.soft_threshold import (
    SoftThresholdModule,
    reconstruction_loss,
    symmetric_invertible_matrix,
)
from sgdlab.studies.autodiff.step_training import (
    StepTrainingSettings,
    binary_task,
    train_both,
)
from tests.conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "config.yaml").read_text())
SETTINGS = AnswerSettings.from_config(CONFIG["autodiff"])


def _scalar_derivative(program, x0):
    """Derivative of a scalar Python program (if statements) at x0, as a student writes it."""
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    y = program(x)
    if not y.requires_grad:
        return 0.0
    (grad,) = torch.autograd.grad(y, x, allow_unused=True)
    return 0.0 if grad is None else float(grad)


def _vector_derivative(program, x0):
    return float(programs.pytorch_derivative(program, torch.tensor([x0], dtype=torch.float64))[0])


@pytest.fixture(scope="module")
def step_metrics():
    g = torch.Generator().manual_seed(3)
    labels = torch.randint(2, (400,), generator=g) * 2 + 7  # classes 7 and 9
    images = (torch.rand(400, 28, 28, generator=g) * 100 + (labels == 9)[:, None, None] * 80).to(
        torch.uint8
    )
    x, y = binary_task(images, labels, (7, 9))
    settings = StepTrainingSettings(
        classes=(7, 9), lr=0.05, batch_size=8, updates=60, log_every=20, seed=0
    )
    return train_both(x, y, settings)


@pytest.fixture(scope="module")
def table(step_metrics):
    return tables.build(SETTINGS, step_metrics)


def test_every_answer_agrees_with_its_independent_value_and_the_document(table):
    assert table["agrees"].all(), table[~table["agrees"]]
    checked = table.dropna(subset=["document_value"])
    assert checked["matches_document"].all(), checked[~checked["matches_document"].astype(bool)]
    assert {"000", "001", "002", "004"} == {d[:3] for d in table["document"]}


def test_quiz_values_rounded_as_the_documents_ask(table):
    rounded = dict(zip(table["quantity"], table["rounded"], strict=True))
    x, y = SETTINGS.jacobian_point
    assert rounded["f'(2) for f(x) = 2 / ((5 - x)^2 + 2^2)"] == f"{12 / 169:.3f}"
    assert rounded[f"∂f2/∂y at (x, y) = {(x, y)}"] == f"{4 * x * x * y:.3f}"
    assert rounded["∂ trace(A^2) / ∂A[0, 1]"] == "6.000"
    assert rounded["f(1.432)"] == "2.5349" and rounded["f'(1.432)"] == "9.2485"


def test_where_programs_take_the_same_branch_as_if_statements():
    x_hat, c = SETTINGS.jump_point, SETTINGS.jump_derivative

    def jump_if(x):
        if x < x_hat:
            return (x - x_hat) ** 2
        if x > x_hat:
            return (x - x_hat) ** 2 + 1
        return c * (x - x_hat)

    def square_if(x):
        return 897.0 * x if x == 0 else x**2

    def sign_if(x):
        return 2 * x + 1 if x > 0 else (2 * x - 1 if x < 0 else 2 * x)

    cases = [
        (jump_if, programs.jump_three_branches(x_hat, c), [x_hat, x_hat - 0.3, x_hat + 0.2]),
        (square_if, programs.square_with_branch(897.0), [0.0, 0.5, -1.5]),
        (sign_if, programs.sign_branches, [0.0, 0.7, -0.2]),
    ]
    for scalar, vector, points in cases:
        for x0 in points:
            assert _vector_derivative(vector, x0) == _scalar_derivative(scalar, x0)


def test_halving_loop_equals_the_closed_form_and_x_hat_changes_the_derivative_by_two():
    t = SETTINGS.halving_threshold
    rng = random.Random(0)
    points = [rng.uniform(-1, 1) for _ in range(200)] + [t * 2.0**k for k in range(20)]
    strict = programs.halving_loop(t, inclusive=False)
    for x0 in points:
        n = 0
        v = x0
        while not abs(v) < t:  # the document's loop, literally
            v, n = v / 2, n + 1
        assert closed_forms.halvings(x0, t, inclusive=False) == n
        assert float(strict(torch.tensor(x0, dtype=torch.float64))) == closed_forms.psi(
            x0, t, False
        )
        assert _vector_derivative(strict, x0) == 2.0**-n
    x_hat = SETTINGS.halving_point
    below = _vector_derivative(strict, x_hat)
    above = _vector_derivative(programs.halving_loop(t, inclusive=True), x_hat)
    assert above == 2 * below == 2.0**-SETTINGS.halving_exponent


def test_soft_threshold_module_gradcheck_and_the_precomputed_inverse_is_wrong():
    x = torch.randn(5, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    m0 = symmetric_invertible_matrix(5, seed=2)
    module = SoftThresholdModule(0.5, m0)

    assert torch.autograd.gradcheck(
        lambda v, m: torch.func.functional_call(module, {"matrix": m}, (v,)),
        (x.clone().requires_grad_(True), m0.clone().requires_grad_(True)),
    )
    (ours,) = torch.autograd.grad(reconstruction_loss(module, x), module.matrix)

    class PrecomputedInverse(torch.nn.Module):
        def __init__(self, threshold, initial):
            super().__init__()
            self.threshold = threshold
            self.matrix = torch.nn.Parameter(initial.clone())
            self.inverse = torch.inverse(self.matrix).detach()

        def forward(self, v):
            return self.inverse @ programs.soft_threshold(self.matrix @ v, self.threshold)

    wrong_module = PrecomputedInverse(0.5, m0)
    (wrong,) = torch.autograd.grad(((x - wrong_module(x)) ** 2).sum(), wrong_module.matrix)

    def loss(m):
        mt = torch.tensor(m)
        return float(
            ((x - torch.linalg.solve(mt, programs.soft_threshold(mt @ x, 0.5))) ** 2).sum()
        )

    fd = torch.tensor(closed_forms.central_difference(loss, m0.numpy()))
    assert torch.allclose(ours, fd, rtol=1e-5, atol=1e-8)
    assert not torch.allclose(wrong, fd, rtol=1e-2, atol=1e-6)


def test_module_refuses_a_non_symmetric_matrix():
    with pytest.raises(ValueError, match="symmetric"):
        SoftThresholdModule(1.0, torch.arange(4.0, dtype=torch.float64).reshape(2, 2))


def test_step_function_training_never_moves_while_logistic_learns(step_metrics):
    step = step_metrics[step_metrics["loss"] == "step"]
    logistic = step_metrics[step_metrics["loss"] == "logistic"]
    assert (step["max_weight_change"] == 0).all()
    assert step["train_accuracy"].nunique() == 1
    assert logistic["max_weight_change"].iloc[-1] > 0
    assert logistic["train_accuracy"].iloc[-1] > step["train_accuracy"].iloc[0] + 0.1


@pytest.mark.parametrize("seed", range(5))
def test_conv_and_pooling_formulas_against_torch(seed):
    rng = random.Random(seed)
    size, kernel = rng.randint(8, 30), rng.randint(1, 5)
    padding, stride = rng.randint(0, 3), rng.randint(1, 4)
    out = torch.nn.Conv2d(1, 2, kernel, stride=stride, padding=padding)(
        torch.zeros(1, 1, size, size)
    )
    assert out.shape[-1] == closed_forms.conv_output_size(size, kernel, padding, stride)
    window = (rng.randint(1, 3), rng.randint(1, 3))
    stride2 = (rng.randint(1, 3), rng.randint(1, 3))
    c, h, w = rng.randint(1, 4), rng.randint(5, 12), rng.randint(5, 12)
    pooled = torch.nn.functional.avg_pool2d(torch.zeros(1, c, h, w), window, stride2)
    expected = c * pooled.shape[-2] * pooled.shape[-1] * window[0] * window[1]
    assert closed_forms.pooling_cost(c, h, w, window, (0, 0), stride2) == expected


def test_midterm_derivative_formula_against_finite_differences():
    for x0 in np.linspace(0.1, 2.0, 7):
        fd = closed_forms.central_difference(
            lambda v: closed_forms.midterm_value(float(v[0])), np.array([x0])
        )[0]
        assert math.isclose(closed_forms.midterm_derivative(x0), fd, rel_tol=1e-6, abs_tol=1e-8)


def test_pytorch_at_nondifferentiable_points_follows_its_documented_rules():
    table = nondifferentiable_table()
    assert table["follows_rule"].all(), table
    assert table.loc[table["function"] == "sqrt(x)", "pytorch_gradient"].item() == "inf"


def test_markdown_table_keeps_one_column_per_field(table):
    lines = tables.answers_markdown(table).splitlines()
    widths = {line.replace("\\|", "").count("|") for line in lines}
    assert widths == {10}


def test_every_function_figure_has_a_plot_and_each_job_reads_only_its_keys():
    assert list(FUNCTION_PLOTS) == list(FUNCTION_FIGURES)
    figure, answer = (
        FigureSettings.params(CONFIG["autodiff"]),
        AnswerSettings.params(CONFIG["autodiff"]),
    )
    # A plotted range reruns only the figures; a quiz point or the module only the answers.
    assert "soft_threshold_range" in figure and "soft_threshold_range" not in answer
    assert "module_seed" in answer and "module_seed" not in figure
    assert FigureSettings.from_params(figure).halving_point == SETTINGS.halving_point
