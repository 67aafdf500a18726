"""Study minigrad: the trace, op checks and source quotes against independent derivations,
and the cost study's gradients, memory and regime fits against closed forms."""

import inspect
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

import sgdlab
from sgdlab.minigrad import Node
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.modules import Linear
from sgdlab.studies import minigrad
from sgdlab.studies.minigrad import cost, graphs
from sgdlab.studies.minigrad.checks import op_check_table
from sgdlab.studies.minigrad.figures import plot_cost
from sgdlab.studies.minigrad.introspection import QUOTES, graph_values, source_lines
from sgdlab.studies.minigrad.regimes import regime_slopes
from sgdlab.studies.minigrad.trace import trace_table

ROOT = Path(sgdlab.__file__).resolve().parents[2]


def f(w1, w2):
    r, e = w1 / w2, math.exp(2 * w2)
    return (math.sin(2 * math.pi * r) + 3 * r - e) * (3 * r - e)


@pytest.mark.parametrize("point", [(1.5, 0.5), (0.3, 1.2)])
def test_trace_gradient_matches_finite_differences_of_f(point):
    table = trace_table([point]).set_index("variable")
    assert table["agrees"].all()
    assert table.loc["z6", "value_minigrad"] == pytest.approx(f(*point), rel=1e-12)
    h = 1e-6
    for k, name in enumerate(("w1", "w2")):
        step = np.eye(2)[k] * h
        fd = (f(*(np.add(point, step))) - f(*(np.subtract(point, step)))) / (2 * h)
        assert table.loc[name, "df_d_reverse_minigrad"] == pytest.approx(fd, rel=1e-6)
    assert table.loc["z6", "d_dw1_forward_minigrad"] == pytest.approx(
        table.loc["w1", "df_d_reverse_minigrad"], rel=1e-12
    )


# ---------------------------------------------------------------- op checks (003 q1-4, q8)


def test_op_check_table_has_every_op_the_book_quotes_and_all_agree():
    table = op_check_table().set_index("op")
    for op in (
        "Divide",
        "Sigmoid",
        "MatMul",
        "Expand",
        "Normalize",
        "Select",
        "Squeeze",
        "Unsqueeze",
    ):
        assert table.loc[op, "agrees"], op
        assert table.loc[op, "max_abs_difference"] < 1e-10 * max(
            1.0, table.loc[op, "max_abs_gradient"]
        )
    assert table.index.is_unique
    assert set(table.loc[table["question"] == "q2"].index) >= {"Sigmoid", "Relu", "Tanh", "Exp"}


def _grads(fn, *values):
    """minigrad's gradients of sum(fn(...) * G) for a fixed random G, and G."""
    nodes = [Node(v) for v in values]
    out = fn(*nodes)
    weights = np.random.default_rng(7).standard_normal(out.shape)
    F.sum(out * weights).backward()
    return [n.grad for n in nodes], weights


def test_divide_backward_is_the_closed_form_of_question_1():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((3, 4)), rng.uniform(0.5, 2.0, (3, 4))
    (gx, gy), g = _grads(lambda a, b: a / b, x, y)
    np.testing.assert_allclose(gx, g / y, rtol=1e-14)
    np.testing.assert_allclose(gy, -g * x / y**2, rtol=1e-14)


def test_sigmoid_backward_is_f_prime_times_the_output_gradient():
    x = np.random.default_rng(1).standard_normal((3, 4)) * 3
    (gx,), g = _grads(F.sigmoid, x)
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(gx, s * (1 - s) * g, rtol=1e-12)


def test_linear_holds_w_as_inputs_by_outputs_and_its_gradients_are_question_3s():
    """Y = X W with W (f, m): dW = X^T G, dX = G W^T (closed form, no PyTorch)."""
    rng = np.random.default_rng(2)
    n, f_in, m = 5, 3, 2
    layer = Linear(rng, f_in, m, "glorot")
    assert layer.weight.shape == (f_in, m)
    x = Node(rng.standard_normal((n, f_in)))
    out = layer(x)
    g = rng.standard_normal(out.shape)
    F.sum(out * g).backward()
    np.testing.assert_allclose(layer.weight.grad, x.value.T @ g, rtol=1e-13)
    np.testing.assert_allclose(x.grad, g @ layer.weight.value.T, rtol=1e-13)


def test_expand_backward_sums_the_sixteen_copies():
    x = np.random.default_rng(3).standard_normal(5)
    (gx,), g = _grads(lambda v: F.expand(v, axis=1, copies=16), x)
    np.testing.assert_allclose(gx, g.sum(axis=1), rtol=1e-14)


def test_normalize_backward_is_the_closed_form_of_question_8():
    x = np.random.default_rng(4).uniform(0.5, 2.0, (3, 4))
    (gx,), g = _grads(F.normalize, x)
    s = x.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(gx, g / s - (g * x).sum(axis=1, keepdims=True) / s**2, rtol=1e-12)


# ---------------------------------------------------------------- 003 q5-q7, read from the library


def test_graph_values_say_what_the_members_hold():
    table = graph_values(seed=0)
    before = table[table["stage"] == "before backward"].set_index("expression")
    after = table[table["stage"] != "before backward"].set_index("expression")
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 2)), rng.standard_normal((2, 2))
    text = np.array2string(a + b, precision=3, separator=", ").replace("\n", "")
    assert before.loc["c.value", "observed"] == f"{text}; equal to a.value + b.value: True"
    assert before.loc["c.source", "observed"] == "OpNode(op=Add, inputs=[a, b], outputs=[c])"
    assert before.loc["c.source.inputs[0].value", "observed"].endswith("is a.value: True")
    assert before.loc["a.grad", "observed"] == "None (a.grad is None: True)"
    assert after.loc["a.grad", "observed"] == "[[1., 1.], [1., 1.]]"


@pytest.mark.parametrize("key", list(QUOTES))
def test_each_quoted_source_line_is_that_line_of_that_function(key):
    row = source_lines().set_index("key").loc[key]
    target, contains, _ = QUOTES[key]
    line = (ROOT / row["file"]).read_text().splitlines()[row["line"] - 1]
    assert line.strip() == row["source"] and contains in line
    lines, first = inspect.getsourcelines(target)
    assert first <= row["line"] < first + len(lines)
    (marked,) = [t for t in row["context"].splitlines() if t.startswith(">")]
    assert marked.startswith(f"> {row['line']:4d}  ") and marked.endswith(line.strip())


def test_the_quotes_are_the_lines_the_questions_ask_for():
    rows = source_lines().set_index("key")
    assert rows.loc["addition", "source"] == "return a + b"
    assert rows.loc["addition", "function"] == "Add.forward"
    assert rows.loc["output_link", "source"] == "source.outputs.append(output)"
    assert "op.backward(" in rows.loc["backward_call", "source"]
    assert rows.loc["op_class", "source"] == "self.op = op"


def test_every_graph_name_has_a_drawing():
    assert set(graphs.GRAPHS) == set(minigrad.GRAPHS)
    assert graphs.trace_graph((1.5, 0.5)).count("shape=diamond") == 9, (
        "nine ops: /, 2 pi *, sin, 2 *, exp, 3 *, -, +, *"
    )


# ---------------------------------------------------------------- 004 problem 3


def test_every_mode_gives_pytorchs_gradient():
    w = np.linspace(-1, 1, 5)
    fn = lambda v: cost.chain(v, 6, torch.tanh, torch.sin, torch.sum)  # noqa: E731
    expected = torch.func.jacrev(fn)(torch.from_numpy(w)).numpy()
    for run in (cost.reverse, cost.forward_sweeps, cost.forward_batched):
        np.testing.assert_allclose(run(w, 6), expected, rtol=1e-12)
    assert cost.forward_one(w, 6) == pytest.approx(expected[0], rel=1e-12)
    assert cost.evaluate(w, 6) == pytest.approx(float(fn(torch.from_numpy(w))), rel=1e-14)


def test_peak_scratch_is_the_same_run_after_run():
    w = np.linspace(-1, 1, 64)
    run = lambda: cost.reverse(w, 32)  # noqa: E731
    assert cost.peak_scratch(run, 2) == cost.peak_scratch(run, 2)


def test_reverse_keeps_every_intermediate_and_f_alone_does_not():
    """Closed forms: the graph keeps >= one d-vector per op; freed f holds a few vectors."""
    d = 512
    w = np.linspace(-1, 1, d)
    reverse = [cost.peak_scratch(lambda t=t: cost.reverse(w, t), 1) for t in (32, 128)]
    freed = [cost.peak_scratch(lambda t=t: cost.evaluate(w, t), 1) for t in (32, 128)]
    assert reverse[1] - reverse[0] >= 96 * 8 * d
    assert max(freed) < 4 * 8 * d + 4096 and abs(freed[1] - freed[0]) < 1024


def test_measurements_and_slopes_cover_every_series(tmp_path):
    m = cost.measure([1, 2, 4], [4, 8, 16], fixed_ops=4, fixed_dim=8, repeats=1)
    assert set(m["key"]) == set(cost.SERIES_BY_KEY)
    s = cost.slopes(m)
    assert set(s["key"]) == set(cost.SERIES_BY_KEY)
    assert set(s.loc[s["against"] == "d", "fixed"]) == {"T = 4"}
    assert (s["regime"] == "whole range").all(), "three points cannot hold two regimes"
    plot_cost(m, s, tmp_path / "cost.png", tmp_path / "cost.pdf")
    assert (tmp_path / "cost.png").stat().st_size > 5000


def test_one_power_law_is_fitted_as_one_regime():
    x = 2.0 ** np.arange(10)
    y = 3e-4 * x**1.5 * np.exp(np.random.default_rng(0).normal(0, 0.02, x.size))
    (fit,) = regime_slopes(x, y)
    assert fit["regime"] == "whole range" and fit["ci_low"] < 1.5 < fit["ci_high"]
    assert (fit["x_min"], fit["x_max"], fit["points"]) == (1.0, 512.0, 10)


def test_flat_then_quadratic_is_fitted_in_two_regimes_at_the_break():
    x = 2.0 ** np.arange(11)
    y = np.maximum(1.0, (x / 64) ** 2) * np.exp(np.random.default_rng(1).normal(0, 0.02, x.size))
    lower, upper = regime_slopes(x, y)
    assert (lower["regime"], upper["regime"]) == ("lower", "upper")
    assert lower["x_max"] <= 64 <= upper["x_min"] * 2
    assert abs(lower["slope"]) < 0.2 and abs(upper["slope"] - 2) < 0.2
    assert upper["y_at_x_max"] == pytest.approx(y[-1])


def test_slopes_table_reads_the_measurements():
    x = [1, 2, 4, 8]
    m = pd.DataFrame(
        {
            "key": "k",
            "measure": "time_s",
            "against": "d",
            "label": "l",
            "d": x,
            "T": 8,
            "value": [2.0 * v for v in x],
        }
    )
    (row,) = cost.slopes(m).to_dict("records")
    assert row["slope"] == pytest.approx(1.0) and row["fixed"] == "T = 8"
