"""Minibatch study tables (and the shared first-interpolation table) on hand-made runs."""

import math

import pandas as pd

from sgdlab.pipeline.metrics_tables import first_interpolation
from sgdlab.studies.minibatch.figures import threshold_points
from sgdlab.studies.minibatch.interpolation import (
    plot_reached,
    reached_runs,
    reached_slopes,
    reached_table,
    within_budget,
)
from sgdlab.studies.minibatch.tables import (
    interpolation_table,
    scaling_table,
    summary_table,
    threshold_table,
)


def _run(batch_size, seed, accuracies, status="completed", lr_factor=0.5):
    return pd.DataFrame(
        {
            "study": "minibatch",
            "model": "mlp-64",
            "lr_factor": lr_factor,
            "batch_size": batch_size,
            "seed": seed,
            "lr": 0.01 * batch_size * lr_factor * (1 + seed),
            "status": status,
            "update": [10 * i for i in range(len(accuracies))],
            "passes": [0.5 * i for i in range(len(accuracies))],
            "train_loss": [1.0 / (i + 1) for i in range(len(accuracies))],
            "train_accuracy": accuracies,
            "test_loss": 1.0,
            "test_accuracy": 0.8,
        }
    )


def test_first_interpolation_and_never_interpolating_runs():
    metrics = pd.concat([_run(4, 0, [0.2, 0.9, 1.0, 0.99, 1.0]), _run(16, 0, [0.2, 0.9, 0.999])])
    searches = {4: {"seeds": [0], "divergent_lr": [0.2]}, 16: {"seeds": [0], "divergent_lr": [0.4]}}
    table = interpolation_table(metrics, searches)
    first, never = table.iloc[0], table.iloc[1]
    assert (first["batch_size"], first["interpolated"]) == (4, True)
    assert first["interpolation_update"] == 20 and first["interpolation_passes"] == 1.0
    assert first["final_update"] == 40 and first["train_lr"] == 0.02
    assert first["divergent_lr"] == 0.2 and never["divergent_lr"] == 0.4
    assert never["interpolated"] == False  # noqa: E712 (numpy bool)
    assert pd.isna(never["interpolation_update"]) and pd.isna(never["interpolation_passes"])
    assert never["final_train_accuracy"] == 0.999


def test_first_interpolation_groups_by_every_key():
    metrics = pd.concat([_run(4, 0, [0.5, 1.0]), _run(4, 1, [0.5, 0.5, 1.0])])
    table = first_interpolation(metrics, ("batch_size", "seed"))
    assert table["interpolation_update"].tolist() == [10, 20]


def test_thresholds_and_censoring():
    metrics = pd.concat([_run(4, 0, [0.2, 0.96, 0.995, 1.0]), _run(16, 0, [0.2, 0.97, 0.98])])
    table = threshold_table(metrics, [0.95, 0.99, 1.0]).set_index(["batch_size", "threshold"])
    assert table.loc[(4, 0.95), "update"] == 10 and table.loc[(4, 0.99), "update"] == 20
    assert table.loc[(4, 1.0), "passes"] == 1.5 and table.loc[(4, 1.0), "reached"]
    censored = table.loc[(16, 1.0)]
    assert not censored["reached"] and censored["update"] == 20  # the budget, a lower bound


def test_scaling_fits_only_batch_sizes_where_every_seed_reached():
    runs = [_run(b, s, [0.5] * (64 // b) + [1.0]) for b in (1, 2, 4, 8) for s in (0, 1)]
    runs.append(_run(16, 0, [0.5, 0.6]))
    thresholds = threshold_table(pd.concat(runs), [1.0])
    # Two seeds whose eta*_B are 0.01 B and 0.02 B: slope exactly 1, the seeds give it a spread.
    searches = {
        b: {"seeds": [0, 1], "divergent_lr": [0.01 * b, 0.02 * b]} for b in (1, 2, 4, 8, 16)
    }
    scaling = scaling_table(thresholds, searches, 50).set_index("quantity")
    # 10 * 64 / B updates to interpolate: slope exactly -1 on B = 1..8; B = 16 is censored.
    assert math.isclose(scaling.loc["updates_to_threshold", "slope"], -1.0)
    assert scaling.loc["updates_to_threshold", "batch_sizes_fitted"] == 4
    assert scaling.loc["updates_to_threshold", "points"] == 8
    rates = scaling.loc["divergent_lr"]
    assert math.isclose(rates["slope"], 1.0) and rates["points"] == 10
    assert rates["ci_low"] < 1.0 < rates["ci_high"]


def test_summary_gives_mean_interval_and_n_and_leaves_censored_thresholds_empty():
    runs = [_run(4, 0, [0.2, 0.96, 1.0]), _run(4, 1, [0.2, 0.5, 0.96, 0.97, 1.0])]
    runs.append(_run(16, 0, [0.2, 0.96]))
    runs.append(_run(16, 1, [0.2, 0.5, 1.0]))
    metrics = pd.concat(runs)
    searches = {b: {"seeds": [0, 1], "divergent_lr": [0.1 * b, 0.3 * b]} for b in (4, 16)}
    summary = summary_table(
        interpolation_table(metrics, searches), threshold_table(metrics, [0.95, 1.0])
    ).set_index("batch_size")
    b4 = summary.loc[4]
    assert b4["seeds"] == 2 and math.isclose(b4["divergent_lr"], 0.8)
    # Updates to 100%: 20 and 40; mean 30, t-interval 30 +- 12.706 * sd / sqrt 2 = 30 +- 127.06.
    assert b4["updates_to_100%"] == 30 and math.isclose(
        b4["updates_to_100%_ci_high"], 157.06, rel_tol=1e-4
    )
    b16 = summary.loc[16]
    assert b16["reached_100%"] == 1 and math.isnan(b16["updates_to_100%"])
    assert b16["reached_95%"] == 2 and b16["updates_to_95%"] == 15
    assert b16["passes_to_95%"] == 0.75 and "passess_to_95%" not in summary.columns
    # Accuracy intervals stay within [0, 1], rates' above 0 (clipped).
    assert summary["final_train_accuracy_ci_high"].le(1.0).all()
    assert summary["divergent_lr_ci_low"].ge(0.0).all()


def test_threshold_points_draw_a_mean_only_where_every_seed_reached():
    """A mean over the seeds that happened to reach a threshold would be biased low."""
    group = pd.DataFrame(
        {
            "batch_size": [1, 1, 1, 4, 4, 4],
            "reached": [True, True, False, True, True, True],
            "update": [100, 200, 900, 40, 50, 60],
        }
    )
    stats, bounds = threshold_points(group, "update")
    assert list(stats.index) == [4]
    assert stats[4].estimate == 50 and stats[4].n == 3 and stats[4].low < 50 < stats[4].high
    assert list(bounds.index) == [1]
    # The unreached seed's budget (900) stands in for its value: the mean is a lower bound.
    assert bounds.loc[1, "bound"] == 400
    assert (bounds.loc[1, "reached"], bounds.loc[1, "seeds"]) == (2, 3)


def _continued(batch_size, seed, accuracies, lr_factor=0.125):
    """A run that trained on past the 1-pass budget (0.5 pass per row)."""
    status = "interpolated" if accuracies[-1] == 1.0 else "completed"
    return _run(batch_size, seed, accuracies, status=status, lr_factor=lr_factor)


def test_the_document_view_cuts_runs_that_trained_on_at_the_budget():
    metrics = pd.concat([_run(4, 0, [0.2, 0.8, 0.9]), _continued(4, 0, [0.1, 0.5, 0.7, 0.9, 1.0])])
    view = within_budget(metrics, 1.0)
    assert view["passes"].max() == 1.0 and len(view) == 6
    # At the budget the continued run had completed it; the other keeps its own status.
    assert set(view["status"]) == {"completed"}
    assert view[view["lr_factor"] == 0.125]["train_accuracy"].tolist() == [0.1, 0.5, 0.7]


def test_updates_and_passes_to_100_percent_per_batch_size_with_censored_seeds():
    # B = 4: 100% after 30 and 50 updates; B = 16: seed 1 stops at the cap short of it.
    runs = [
        _continued(4, 0, [0.5, 0.9, 0.99, 1.0]),
        _continued(4, 1, [0.5, 0.9, 0.99, 0.99, 0.99, 1.0]),
        _continued(16, 0, [0.5, 1.0]),
        _continued(16, 1, [0.5, 0.9, 0.99]),
    ]
    per_seed = reached_runs(pd.concat([*runs, _run(4, 0, [0.2, 1.0])]), 0.125)
    assert len(per_seed) == 4, "only the runs at the interpolation factor"
    assert per_seed["reached"].tolist() == [True, True, True, False]
    table = reached_table(per_seed, max_passes=1.0).set_index("batch_size")
    b4, b16 = table.loc[4], table.loc[16]
    assert (b4["reached"], b4["seeds"]) == (2, 2)
    assert b4["updates_to_100%"] == 40 and b4["passes_to_100%"] == 2.0
    # Mean 40, t-interval 40 +- 12.706 * 14.14 / sqrt 2 = 40 +- 127.06, clipped at 0.
    assert b4["updates_to_100%_ci_low"] == 0 and math.isclose(
        b4["updates_to_100%_ci_high"], 167.06, rel_tol=1e-4
    )
    assert math.isnan(b4["updates_lower_bound"])
    assert b16["reached"] == 1 and math.isnan(b16["updates_to_100%"])
    # The censored seed's cap (its last update, 20) stands in for its value.
    assert b16["updates_lower_bound"] == 15


def test_slopes_to_100_percent_fit_only_batch_sizes_where_every_seed_interpolated():
    # 640 / B updates to 100%: slope -1 in updates, 0 in passes (B / n passes per update).
    runs = [_continued(b, s, [0.5] * (64 // b) + [1.0]) for b in (1, 2, 4) for s in (0, 1)]
    runs += [_continued(8, 0, [0.5] * 8 + [1.0]), _continued(8, 1, [0.5, 0.6])]
    metrics = pd.concat(runs)
    metrics["passes"] = metrics["update"] * metrics["batch_size"] / 640  # n = 640
    per_seed = reached_runs(metrics, 0.125)
    slopes = reached_slopes(per_seed, max_passes=1.0).set_index("quantity")
    updates, passes = slopes.loc["updates_to_interpolation"], slopes.loc["passes_to_interpolation"]
    assert math.isclose(updates["slope"], -1.0) and updates["linear_scaling_slope"] == -1.0
    assert updates["batch_sizes_fitted"] == 3 and updates["batch_sizes"] == 4
    assert updates["points"] == 6 and updates["passes_budget"] == 1.0
    assert math.isclose(passes["slope"], updates["slope"] + 1.0, abs_tol=1e-12)


def test_interpolation_figure_draws_censored_seeds(tmp_path):
    runs = [_continued(b, s, [0.5] * (64 // b) + [1.0]) for b in (1, 4) for s in (0, 1)]
    runs.append(_continued(16, 0, [0.5, 0.6]))
    per_seed = reached_runs(pd.concat(runs), 0.125)
    plot_reached(per_seed, 1.0, tmp_path / "f.png", tmp_path / "f.pdf")
    assert (tmp_path / "f.png").stat().st_size > 0 and (tmp_path / "f.pdf").exists()
