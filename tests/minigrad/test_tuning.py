"""003 questions 9-10: the rate walk, the training runs, the final table and its verdicts."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sgdlab.studies.minigrad.comparison import final_table, verdict
from sgdlab.studies.minigrad.curves import plot_curves, plot_lr_grid, tuning_scores
from sgdlab.studies.minigrad.training import VariantSettings, synthetic, train
from sgdlab.studies.minigrad.tuning import TuningSettings, best_step, position, tune_and_train, walk

BASE = {
    "hidden": [16],
    "activation": "relu",
    "residual": False,
    "init": "glorot",
    "lr": 0.5,
    "momentum": 0.0,
    "batch_size": 32,
    "epochs": 8,
}


def test_relu_learns_synthetic_set_and_zero_init_does_not():
    data = synthetic(600, 300, 300, seed=0)
    relu = train(data, VariantSettings.from_config(BASE, {}), seed=0)
    zeros = train(data, VariantSettings.from_config(BASE, {"init": "zeros"}), seed=0)
    assert relu["val_accuracy"].iloc[-1] > 0.85 and relu["test_accuracy"].iloc[-1] > 0.85
    # all-zero weights: every hidden unit gets the same zero gradient, accuracy stays at chance
    assert zeros["val_accuracy"].iloc[-1] < 0.6


def test_synthetic_splits_are_disjoint_draws():
    data = synthetic(50, 20, 30, seed=1)
    assert (len(data.y_train), len(data.y_val), len(data.y_test)) == (50, 20, 30)
    rows = {tuple(r) for x in (data.x_train, data.x_val, data.x_test) for r in x}
    assert len(rows) == 100


def test_unknown_variant_setting_is_rejected():
    with pytest.raises(ValueError, match="unknown settings"):
        VariantSettings.from_config({}, {"dropout": 0.5})


@pytest.mark.parametrize(
    "peak, max_steps, chosen, tried, where",
    [
        (0, 3, 0, [-1, 0, 1], "interior"),
        (2, 3, 2, [-1, 0, 1, 2, 3], "interior"),
        (-2, 3, -2, [-3, -2, -1, 0, 1], "interior"),
        (9, 2, 2, [-1, 0, 1, 2], "highest rate tried (walk capped)"),
        (-9, 1, -1, [-1, 0, 1], "lowest rate tried (walk capped)"),
    ],
)
def test_the_walk_brackets_a_single_peak_or_flags_its_cap(peak, max_steps, chosen, tried, where):
    calls = []

    def score(k):
        calls.append(k)
        return -((k - peak) ** 2)

    scores = walk(score, max_steps)
    assert sorted(scores) == tried and sorted(calls) == tried, "each step scored once"
    assert best_step(scores) == chosen
    assert position(scores, resolution=1e-3) == where


def test_a_flat_score_keeps_the_start_and_says_flat():
    scores = walk(lambda k: 0.5, 3)
    assert sorted(scores) == [-1, 0, 1] and best_step(scores) == 0
    assert position(scores, resolution=1e-3) == "flat"


def test_tune_and_train_chooses_the_best_validation_rate_and_runs_every_seed():
    data = synthetic(300, 200, 200, seed=0)
    settings = VariantSettings.from_config({**BASE, "epochs": 3, "lr": 0.05}, {})
    metrics = tune_and_train(data, settings, [0, 1, 2], TuningSettings(3.0, 2, 2))
    last = metrics[metrics["epoch"] == 3]
    tuning = last[last["tuning"]].groupby("lr")["val_accuracy"].mean()
    assert set(last.loc[last["tuning"], "seed"]) == {0, 1} and len(tuning) >= 3
    chosen = last.loc[last["selected"], "lr"].unique()
    assert len(chosen) == 1 and tuning[chosen[0]] == tuning.max()
    assert sorted(last.loc[last["selected"], "seed"]) == [0, 1, 2]
    assert not last.loc[~last["tuning"], "lr"].ne(chosen[0]).any(), "seed 2 only at the choice"
    # A run is fixed by its rate and seed: rerunning one reproduces it exactly.
    again = train(data, VariantSettings.from_config({**BASE, "epochs": 3, "lr": chosen[0]}, {}), 2)
    np.testing.assert_array_equal(
        again["test_accuracy"],
        metrics.loc[metrics["selected"] & (metrics["seed"] == 2), "test_accuracy"],
    )


def _metrics(variant, lr, accuracies, val=0.9):
    """Last-epoch rows of one variant at its chosen rate, one per seed, plus a tuning run."""
    rows = [
        {
            "dataset": "synthetic",
            "variant": variant,
            "lr": lr,
            "seed": s,
            "epoch": 5,
            "val_accuracy": val,
            "test_accuracy": a,
            "selected": True,
            "tuning": s < 2,
            "lr_position": "interior",
        }
        for s, a in enumerate(accuracies)
    ]
    rows.append({**rows[0], "lr": lr * 3, "selected": False, "val_accuracy": val - 0.1})
    return rows


def test_final_table_pairs_seeds_and_states_the_verdict():
    base = [0.80, 0.82, 0.81, 0.79, 0.83]
    sigmoid = [0.75, 0.78, 0.74, 0.76, 0.77]
    metrics = pd.DataFrame(_metrics("relu", 0.1, base) + _metrics("sigmoid", 1.5, sigmoid))
    table = final_table(metrics, "relu").set_index("variant")
    diff = np.subtract(sigmoid, base)
    half = stats.t.ppf(0.975, 4) * diff.std(ddof=1) / math.sqrt(5)
    row = table.loc["sigmoid"]
    assert row["lr"] == 1.5 and row["tuning_seeds"] == 2 and row["seeds"] == 5
    assert row["change_vs_relu"] == pytest.approx(diff.mean())
    assert row["change_vs_relu_ci_high"] == pytest.approx(diff.mean() + half)
    low, high = -100 * (diff.mean() + half), -100 * (diff.mean() - half)
    assert (
        row["verdict"]
        == f"ReLU beats sigmoid by {-100 * diff.mean():.1f} points [{low:.1f}, {high:.1f}]"
    )
    assert row["lrs_tried"] == "1.5; 4.5"
    assert table.loc["relu", "verdict"] == "baseline"


def test_accuracy_intervals_stay_within_zero_and_one():
    metrics = pd.DataFrame(_metrics("relu", 0.1, [0.99, 1.0]) + _metrics("wider", 0.1, [0.2, 1.0]))
    table = final_table(metrics, "relu")
    for column in ("final_test_accuracy_ci_low", "final_val_accuracy_ci_low"):
        assert (table[column] >= 0).all()
    assert (table["final_test_accuracy_ci_high"] <= 1).all()


@pytest.mark.parametrize(
    "low, high, text",
    [
        (0.01, 0.05, "sigmoid beats ReLU by 3.0 points [1.0, 5.0]"),
        (-0.05, -0.01, "ReLU beats sigmoid by 3.0 points [1.0, 5.0]"),
        (-0.01, 0.05, "no difference within seed noise: sigmoid - ReLU = 3.0 points [-1.0, 5.0]"),
    ],
)
def test_verdict_follows_the_interval(low, high, text):
    mean = 0.03 if low > -0.02 and high > 0 else -0.03
    assert verdict("sigmoid", "relu", low, high, mean) == text


def test_figures_draw_from_a_small_walk(tmp_path):
    data = synthetic(200, 100, 100, seed=0)
    runs = []
    for variant, overrides in (("relu", {}), ("sigmoid", {"activation": "sigmoid"})):
        settings = VariantSettings.from_config({**BASE, "epochs": 2}, overrides)
        m = tune_and_train(data, settings, [0, 1], TuningSettings(3.0, 1, 1))
        runs.append(m.assign(dataset="synthetic", variant=variant))
    metrics = pd.concat(runs, ignore_index=True)
    scores = tuning_scores(metrics)
    assert len(scores) == 6 and scores["selected"].sum() == 2
    plot_curves(metrics, ["sigmoid", "relu"], "relu", tmp_path / "c.png", tmp_path / "c.pdf", "t")
    plot_lr_grid(metrics, ["sigmoid", "relu"], tmp_path / "g.png", tmp_path / "g.pdf")
    assert (tmp_path / "c.png").stat().st_size > 5000 and (tmp_path / "g.png").stat().st_size > 5000
