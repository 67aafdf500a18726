"""Study minigrad: trace table against the closed form of f, cost slopes, training runs."""

import math

import numpy as np
import pytest

from sgdlab.studies import minigrad
from sgdlab.studies.minigrad import cost, graphs
from sgdlab.studies.minigrad.trace import trace_table
from sgdlab.studies.minigrad.training import VariantSettings, synthetic, train


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


def test_forward_time_slope_above_reverse_on_small_d():
    m = cost.measure([2, 4, 8, 16, 32], [8, 16, 32], fixed_ops=8, fixed_dim=8, repeats=3)
    s = cost.slopes(m).set_index(["measure", "mode"])["slope"]
    assert s[("time_s", "minigrad forward")] > s[("time_s", "minigrad reverse")] + 0.5
    assert s[("peak_bytes", "minigrad reverse")] > s[("peak_bytes", "minigrad forward")] + 0.5


def test_cost_gradients_agree_across_modes():
    w = np.linspace(-1, 1, 5)
    ref = cost.gradient("torch jacrev", w, 6)
    for mode in cost.MODES:
        np.testing.assert_allclose(cost.gradient(mode, w, 6), ref, rtol=1e-12)


def test_relu_learns_synthetic_set_and_zero_init_does_not():
    data = synthetic(600, 300, seed=0)
    base = {
        "hidden": [16],
        "activation": "relu",
        "residual": False,
        "init": "glorot",
        "lr": 0.5,
        "momentum": 0.0,
        "batch_size": 32,
        "epochs": 8,
    }
    relu = train(data, VariantSettings.from_config(base, {}), seed=0)
    zeros = train(data, VariantSettings.from_config(base, {"init": "zeros"}), seed=0)
    assert relu["val_accuracy"].iloc[-1] > 0.85
    # all-zero weights: every hidden unit gets the same zero gradient, accuracy stays at chance
    assert zeros["val_accuracy"].iloc[-1] < 0.6


def test_unknown_variant_setting_is_rejected():
    with pytest.raises(ValueError, match="unknown settings"):
        VariantSettings.from_config({}, {"dropout": 0.5})


def test_every_graph_name_has_a_drawing():
    assert set(graphs.GRAPHS) == set(minigrad.GRAPHS)
    assert graphs.trace_graph((1.5, 0.5)).count("shape=diamond") == 9, (
        "nine ops: /, 2 pi *, sin, 2 *, exp, 3 *, -, +, *"
    )
