"""Aggregation of runs into the studies' tables, on small hand-made metric tables."""

import math

import pandas as pd

from sgdlab.aggregate import first_interpolation
from sgdlab.augmentation import final_table, markdown_table, settings_frame
from sgdlab.minibatch import interpolation_table


def _run(batch_size, seed, accuracies, status="completed"):
    return pd.DataFrame(
        {
            "study": "minibatch",
            "model": "mlp-64",
            "batch_size": batch_size,
            "seed": seed,
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
    searches = {
        4: {"divergent_lr": 0.2, "train_lr": 0.1},
        16: {"divergent_lr": 0.4, "train_lr": 0.2},
    }
    table = interpolation_table(metrics, searches)
    first, never = table.iloc[0], table.iloc[1]
    assert (first["batch_size"], first["interpolated"]) == (4, True)
    assert first["interpolation_update"] == 20 and first["interpolation_passes"] == 1.0
    assert first["final_update"] == 40 and first["train_lr"] == 0.1
    assert never["interpolated"] == False  # noqa: E712 (numpy bool)
    assert pd.isna(never["interpolation_update"]) and pd.isna(never["interpolation_passes"])
    assert never["final_train_accuracy"] == 0.999


def test_first_interpolation_groups_by_every_key():
    metrics = pd.concat([_run(4, 0, [0.5, 1.0]), _run(4, 1, [0.5, 0.5, 1.0])])
    table = first_interpolation(metrics, ("batch_size", "seed"))
    assert table["interpolation_update"].tolist() == [10, 20]


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
    assert "| no augmentation | 1 | yes | 84.00 ± 1.41 |" in markdown_table(final_table(settings))
