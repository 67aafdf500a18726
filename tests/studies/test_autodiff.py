"""Autodiff study: every answer against an independent derivation, every figure's data checked."""

import math
import random
import re

import numpy as np
import pytest
import torch
import yaml

from sgdlab.studies.autodiff import (
    CNN_TABLES,
    FUNCTION_FIGURES,
    TABLES,
    closed_forms,
    cnn_answers,
    programs,
    tables,
)
from sgdlab.studies.autodiff.figures import FUNCTION_PLOTS
from sgdlab.studies.autodiff.halving_answers import jump_neighbourhood, jumps_found
from sgdlab.studies.autodiff.midterm_answers import BRANCHES, module_inputs
from sgdlab.studies.autodiff.nondifferentiable import nondifferentiable_table
from sgdlab.studies.autodiff.settings import AnswerSettings, FigureSettings
from sgdlab.studies.autodiff.soft_threshold import (
    SoftThresholdModule,
    reconstruction_loss,
    sgd_steps,
    symmetric_invertible_matrix,
)
from sgdlab.studies.autodiff.step_training import (
    REFERENCE,
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


def _value(table, key):
    return table.set_index("key").loc[key, "pytorch_value"]


def test_every_answer_agrees_with_its_independent_value_and_the_document(table):
    assert table["agrees"].all(), table[~table["agrees"]]
    checked = table.dropna(subset=["document_value"])
    assert checked["matches_document"].all(), checked[~checked["matches_document"].astype(bool)]
    assert {"000", "001", "002", "004"} == {d[:3] for d in table["document"]}
    assert table.columns[0] == "key" and table["key"].is_unique


def test_every_key_the_answer_book_reads_is_in_the_table(table):
    registry = (ROOT / "workflow/questions.yaml").read_text()
    calls = re.findall(r'rows?\("autodiff_answers\.csv", key(__startswith)?="([^"]+)"\)', registry)
    assert calls, "the registry reads autodiff_answers.csv by key"
    keys = set(table["key"])
    for startswith, key in calls:
        assert any(k.startswith(key) for k in keys) if startswith else key in keys, key


def test_jump_is_left_continuous_and_points_are_recorded(table):
    x_hat = SETTINGS.jump_point
    below, above = np.nextafter(x_hat, -np.inf), np.nextafter(x_hat, np.inf)
    f = programs.jump_two_branches(x_hat)
    value = lambda v: float(f(torch.tensor([v], dtype=torch.float64))[0])  # noqa: E731
    assert _value(table, "jump_value") == value(x_hat) == 0
    assert value(below) == (x_hat - below) ** 2 < 1e-30  # the left limit is f(x̂)
    assert _value(table, "jump_size") == 1 == round(value(above) - value(x_hat), 12)
    points = table.set_index("key")["point"]
    assert points["jump_value"] == x_hat and points["quiz_rational"] == SETTINGS.rational_point
    assert points["halving_derivative_strict"] == SETTINGS.halving_point


def test_quiz_values_rounded_as_the_documents_ask(table):
    rounded = dict(zip(table["key"], table["rounded"], strict=True))
    x, y = SETTINGS.jacobian_point
    assert rounded["quiz_rational"] == f"{12 / 169:.3f}"
    assert rounded["quiz_df2_dy"] == f"{4 * x * x * y:.3f}"
    assert rounded["trace_grad_01"] == "6.000"
    assert rounded["midterm_value"] == "2.5349" and rounded["midterm_derivative"] == "9.2485"
    s = 1 / (1 + math.exp(-SETTINGS.sigmoid_point))  # the textbook form, not the tanh identity
    assert rounded["sigmoid_value"] == f"{s:.3f}" == "0.543"
    assert rounded["sigmoid_first"] == f"{s * (1 - s):.3f}"


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


def _literal_halvings(x0, t, inclusive):
    """The document's loop on a Python float, counting its passes."""
    n, v = 0, x0
    while not (abs(v) <= t if inclusive else abs(v) < t):
        v, n = v / 2, n + 1
    return n


@pytest.mark.parametrize("t", [1e-6, 1e-3, 0.25, 0.3])
def test_halving_formula_equals_the_loop_on_random_points_and_at_every_jump(t):
    rng = random.Random(0)
    points = [rng.uniform(-1, 1) for _ in range(200)] + jump_neighbourhood(t).tolist()
    for inclusive in (False, True):
        loop = programs.halving_loop(t, inclusive)
        for x0 in points:
            n = _literal_halvings(x0, t, inclusive)
            assert closed_forms.halvings(x0, t, inclusive) == n
            assert float(loop(torch.tensor(x0, dtype=torch.float64))) == closed_forms.psi(
                x0, t, inclusive
            )
            assert _vector_derivative(loop, x0) == 2.0**-n
    x_hat = t * 2.0 ** closed_forms.octave(1.0, t)
    strict, inclusive = (programs.halving_loop(t, closed) for closed in (False, True))
    assert _vector_derivative(inclusive, x_hat) == 2 * _vector_derivative(strict, x_hat)


@pytest.mark.parametrize("t", [1e-6, 1e-3, 0.25, 0.3])
def test_jump_points_counted_by_brute_force(t):
    # Every power of two times t that is <= 1, on each side: a count, no logarithm.
    brute = 2 * sum(1 for k in range(80) if t * 2.0**k <= 1.0)
    assert closed_forms.jump_points(t) == brute == jumps_found(t, 401)


def test_halving_rows_count_passes_and_place_x_hat(table):
    assert _value(table, "halving_formula") == 0
    assert _value(table, "halving_jump_points") == 40  # ±1e-6 2^k, k = 0 ... 19
    x_hat = SETTINGS.halving_point
    assert _value(table, "halving_count_strict") == _literal_halvings(x_hat, 1e-6, False) == 20
    assert _value(table, "halving_count_inclusive") == _literal_halvings(x_hat, 1e-6, True) == 19


def test_soft_threshold_module_gradcheck_and_the_precomputed_inverse_is_wrong():
    x = torch.randn(5, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    m0 = symmetric_invertible_matrix(5, seed=2)
    module = SoftThresholdModule(0.5, m0)

    assert torch.autograd.gradcheck(
        lambda v, a: torch.func.functional_call(module, {"weights": a}, (v,)),
        (x.clone().requires_grad_(True), m0.clone().requires_grad_(True)),
    )
    (ours,) = torch.autograd.grad(reconstruction_loss(module, x), module.weights)

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

    def loss(a):
        m = torch.tensor((a + a.T) / 2)
        return float(((x - torch.linalg.solve(m, programs.soft_threshold(m @ x, 0.5))) ** 2).sum())

    fd = torch.tensor(closed_forms.central_difference(loss, m0.numpy()))
    assert torch.allclose(ours, fd, rtol=1e-5, atol=1e-8)
    assert torch.equal(ours, ours.T)
    assert not torch.allclose(wrong, fd, rtol=1e-2, atol=1e-6)


def test_module_stays_symmetric_under_sgd_while_an_unconstrained_m_does_not():
    x, m0, _ = module_inputs(SETTINGS)
    module = SoftThresholdModule(SETTINGS.soft_threshold, m0)
    sgd_steps(module, x, steps=10, lr=1e-3)
    with torch.no_grad():
        m = module.matrix
        assert torch.equal(m, m.T) and not torch.allclose(m, m0)

    # The same loss with M itself the parameter: its gradient is not symmetric.
    free = m0.clone().requires_grad_(True)
    thresholded = programs.soft_threshold(free @ x, SETTINGS.soft_threshold)
    loss = ((x - torch.linalg.solve(free, thresholded)) ** 2).sum()
    (grad,) = torch.autograd.grad(loss, free)
    assert (grad - grad.T).abs().max() > 1e-3


def test_module_refuses_a_non_symmetric_or_singular_matrix():
    with pytest.raises(ValueError, match="symmetric"):
        SoftThresholdModule(1.0, torch.arange(4.0, dtype=torch.float64).reshape(2, 2))
    with pytest.raises(ValueError, match="invertible"):
        SoftThresholdModule(1.0, torch.ones(3, 3, dtype=torch.float64))


def test_module_inputs_reach_every_branch_well_beyond_the_threshold():
    t = SETTINGS.soft_threshold
    x, m0, target = module_inputs(SETTINGS)
    mx = (m0 @ x).numpy()
    np.testing.assert_allclose(mx, target.numpy(), rtol=1e-12)
    kinds = [">" if v > t else "<" if v < -t else "in" for v in mx]
    assert set(kinds) == {">", "<", "in"}
    assert kinds == [{0: ">", 1: "<", 2: "in"}[i % len(BRANCHES)] for i in range(len(mx))]
    outside = np.abs(mx[np.abs(mx) > t])
    assert outside.min() >= 1.5 * t and np.abs(mx[np.abs(mx) <= t]).max() <= t / 2


def test_module_rows_and_the_document_example(table):
    assert _value(table, "module_gradcheck") == 1
    assert _value(table, "module_symmetric_after_sgd") == 0
    quantity = table.set_index("key").loc["softt_document_example", "quantity"]
    assert "returns None" in quantity  # as the document's test prints
    grad_m = table[table["key"].str.startswith("module_grad_m_")].set_index("key")["pytorch_value"]
    for i in range(SETTINGS.module_dimension):
        for j in range(SETTINGS.module_dimension):
            assert grad_m[f"module_grad_m_{i}{j}"] == grad_m[f"module_grad_m_{j}{i}"]


def test_step_function_training_never_moves_while_logistic_learns(step_metrics):
    step = step_metrics[step_metrics["loss"] == "step"]
    logistic = step_metrics[step_metrics["loss"] == "logistic"]
    reference = step_metrics[step_metrics["loss"] == REFERENCE]
    assert (step["max_weight_change"] == 0).all()
    assert step["train_accuracy"].nunique() == 1
    assert logistic["max_weight_change"].iloc[-1] > 0
    assert logistic["train_accuracy"].iloc[-1] > step["train_accuracy"].iloc[0] + 0.1
    # torch's own layer, loss and optimizer trace the same run.
    np.testing.assert_allclose(
        reference["max_weight_change"], logistic["max_weight_change"], rtol=1e-9, atol=1e-12
    )
    assert list(reference["train_accuracy"]) == list(logistic["train_accuracy"])


def test_step_training_accuracies_in_the_table(table, step_metrics):
    final = step_metrics.groupby("loss")["train_accuracy"].last()
    assert _value(table, "step_training_accuracy") == final["step"]
    assert _value(table, "logistic_training_accuracy") == final["logistic"]


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


def _windows_by_hand(h, w, window, padding, stride):
    """Top-left corners of every window inside the padded input, walked one by one."""
    rows = range(-padding[0], h + padding[0] - window[0] + 1, stride[0])
    cols = range(-padding[1], w + padding[1] - window[1] + 1, stride[1])
    return len(rows) * len(cols)


def test_pooling_cost_table_against_windows_walked_by_hand():
    table = cnn_answers.pooling_cost_table(SETTINGS)
    assert table["agrees"].all() and table["source"].iloc[0] == "config"
    p = SETTINGS.pooling
    shapes = [
        (p["channels"], p["height"], p["width"], p["window"], p["padding"], p["stride"]),
        *cnn_answers.POOLING_EXAMPLES,
    ]
    for (c, h, w, window, padding, stride), cost in zip(shapes, table["formula_cost"], strict=True):
        assert cost == c * _windows_by_hand(h, w, window, padding, stride) * window[0] * window[1]
    assert table["formula_cost"].iloc[0] == 16 * 5 * 5 * 4  # h' = floor((6 + 4 - 2)/2) + 1


def test_minpool_equals_a_minimum_taken_by_hand():
    x = torch.randn(1, 2, 5, 7, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    pooled = -torch.nn.functional.max_pool2d(-x, (2, 3), (2, 2))
    for c in range(2):
        for i in range(pooled.shape[-2]):
            for j in range(pooled.shape[-1]):
                window = x[0, c, 2 * i : 2 * i + 2, 2 * j : 2 * j + 3]
                assert pooled[0, c, i, j] == min(window.flatten().tolist())
    answer = cnn_answers.minpool_answer(SETTINGS)
    assert answer.pytorch_value == 0 and answer.points_checked > 0


def test_stride_table_counts_work_by_the_formula():
    settings = AnswerSettings(**{**SETTINGS.__dict__, "stride": {**SETTINGS.stride, "repeats": 1}})
    table = cnn_answers.stride_table(settings)
    c = settings.stride
    assert list(table["stride"]) == c["strides"]
    for row in table.itertuples():
        side = closed_forms.conv_output_size(c["size"], c["kernel"], c["kernel"] // 2, row.stride)
        assert row.output_positions == side * side
        assert (
            row.macs
            == row.formula_macs
            == (c["batch"] * c["out_channels"] * side * side * c["channels"] * c["kernel"] ** 2)
        )
    assert (table["time_ms"] > 0).all()  # measured, never asserted against a speed


def test_receptive_field_measured_by_autograd_equals_the_closed_form():
    table = cnn_answers.receptive_field_table(SETTINGS)
    assert table["agrees"].all()
    for row in table.itertuples():  # widen by (k - 1) times the product of the strides below
        field = 1
        for layer in range(row.layers):
            field += (row.kernel - 1) * row.stride**layer
        assert row.receptive_field == field
    assert cnn_answers.measured_field(3, 2, 3) == 15 and cnn_answers.measured_field(5, 1, 2) == 9


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
    assert widths == {11}


def test_cnn_tables_are_study_outputs_with_a_builder_each():
    assert set(cnn_answers.TABLE_BUILDERS) == set(CNN_TABLES)
    assert set(CNN_TABLES.values()) <= set(TABLES)


def test_every_function_figure_has_a_plot_and_each_job_reads_only_its_keys():
    assert list(FUNCTION_PLOTS) == list(FUNCTION_FIGURES)
    figure, answer = (
        FigureSettings.params(CONFIG["autodiff"]),
        AnswerSettings.params(CONFIG["autodiff"]),
    )
    # A plotted range reruns only the figures; a quiz point or the module only the answers.
    assert "soft_threshold_range" in figure and "soft_threshold_range" not in answer
    assert "module_seed" in answer and "module_seed" not in figure
    assert "stride" in answer and "stride" not in figure
    assert FigureSettings.from_params(figure).halving_point == SETTINGS.halving_point
