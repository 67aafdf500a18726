"""Augmentation study tables: four settings from two runs per seed, on hand-made runs."""

import math

import pandas as pd

from sgdlab.studies.augmentation.figures import on_common_grid
from sgdlab.studies.augmentation.tables import (
    final_table,
    markdown,
    paired_differences,
    settings_frame,
)


def _aug_run(train_aug, seed, clean_acc, voted_acc, status):
    return pd.DataFrame(
        {
            "study": "augmentation",
            "model": "cnn",
            "train_aug": train_aug,
            "batch_size": 16,
            "seed": seed,
            "lr": 0.04,
            "status": status,
            "update": [0, 375],
            "passes": [0.0, 1.0],
            "train_loss": [2.3, 0.5],
            "train_accuracy": [0.1, 0.8],
            "test_loss": [2.3, 0.6],
            "test_accuracy": [0.1, clean_acc],
            "test_accuracy_tta": [0.1, voted_acc],
            "tta_tie_rate": [0.0, 0.05],
        }
    )


def test_two_runs_per_seed_give_four_settings():
    runs = pd.concat(
        [
            _aug_run(False, 0, 0.85, 0.80, "interpolated"),
            _aug_run(True, 0, 0.86, 0.87, "completed"),
            _aug_run(False, 1, 0.83, 0.78, "interpolated"),
            _aug_run(True, 1, 0.88, 0.89, "completed"),
        ]
    )
    settings = settings_frame(runs)
    assert len(settings) == 2 * len(runs)
    table = final_table(settings).set_index("setting")
    assert table.loc["no augmentation", "final_test_accuracy_mean"] == 0.84
    assert table.loc["test-time augmentation only", "final_test_accuracy_mean"] == 0.79
    assert table.loc["train- and test-time augmentation", "final_test_accuracy_mean"] == 0.88
    assert math.isclose(
        table.loc["train-time augmentation only", "final_test_accuracy_std"],
        0.0141421356,
        rel_tol=1e-6,
    )
    assert (
        table.loc["no augmentation", "interpolated"]
        and not table.loc["train-time augmentation only", "interpolated"]
    )
    clean = settings[settings["setting"] == "no augmentation"]
    voted = settings[settings["setting"] == "test-time augmentation only"]
    assert clean["train_loss"].tolist() == voted["train_loss"].tolist()
    assert clean["tta_tie_rate"].isna().all() and (voted["tta_tie_rate"].iloc[1] == 0.05)
    # Two seeds: t(0.975, 1 dof) = 12.706; half-width = 12.706 * sd / sqrt(2).
    half = 12.7062047 * 0.0141421356 / math.sqrt(2)
    assert math.isclose(
        table.loc["no augmentation", "final_test_accuracy_ci_high"], 0.84 + half, rel_tol=1e-6
    )
    differences = paired_differences(settings).set_index("comparison")
    vote_clean = differences.loc["test-time vote vs clean test, model trained without augmentation"]
    # Paired by seed: 0.80 - 0.85 and 0.78 - 0.83 are both -0.05, so the interval is a point.
    assert math.isclose(vote_clean["mean_difference"], -0.05, abs_tol=1e-12)
    assert math.isclose(vote_clean["ci_low"], -0.05, abs_tol=1e-9)
    train = differences.loc["train-time augmentation vs none, clean test"]
    assert math.isclose(train["mean_difference"], 0.03, abs_tol=1e-12) and train["seeds"] == 2
    text = markdown(final_table(settings), paired_differences(settings))
    assert (
        f"| no augmentation | 1 | yes | 84.00 [{84 - 100 * half:.2f}, {84 + 100 * half:.2f}] |"
        in text
    )
    assert text.endswith("Differences are paired by seed.\n")


def test_final_accuracy_interval_is_clipped_to_one():
    # Both models of both seeds at 97% and 99%: mean 98% with a half-width of 12.7 points.
    runs = [_aug_run(t, seed, acc, acc, "completed") for t in (False, True) for seed, acc in
            ((0, 0.97), (1, 0.99))]  # fmt: skip
    table = final_table(settings_frame(pd.concat(runs)))
    assert table["final_test_accuracy_ci_high"].eq(1.0).all()
    assert table["final_test_accuracy_ci_low"].lt(0.97).all()


def test_a_stopped_seed_keeps_its_final_value_on_the_common_grid():
    """Seed 0 stops at pass 2; seed 1 runs to pass 4 and is tested at 1 and 4 only."""
    frame = pd.DataFrame(
        {
            "setting": "no augmentation",
            "seed": [0, 0, 0, 1, 1, 1, 1, 1],
            "passes": [0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 3.0, 4.0],
            "test_accuracy": [0.1, 0.8, 0.9, 0.1, 0.7, None, None, 0.85],
        }
    )
    grid = on_common_grid(frame, "test_accuracy").set_index(["seed", "passes"])
    values = grid["test_accuracy"]
    # Seed 0 carried forward after its stop; seed 1 joined linearly between passes 1 and 4.
    assert values.loc[(0, 4.0)] == 0.9 and values.loc[(0, 2.0)] == 0.9
    assert math.isclose(values.loc[(1, 2.0)], 0.75)
    assert len(grid) == 2 * 4, "every seed at every pass where one was measured"
