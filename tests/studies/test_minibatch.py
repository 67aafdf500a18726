"""Minibatch study tables (and the shared first-interpolation table) on hand-made runs."""

import pandas as pd

from sgdlab.pipeline.metrics_tables import first_interpolation
from sgdlab.studies.minibatch import interpolation_table


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
