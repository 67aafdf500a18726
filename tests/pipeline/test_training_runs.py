"""The glue between training rules and the engine: settings from params, rates, tidy metrics."""

import pytest

from sgdlab.engine.optimizers import OptimizerSettings
from sgdlab.engine.replicas import RunResult
from sgdlab.engine.transforms import Augmentation
from sgdlab.pipeline.training_runs import (
    metrics_frame,
    per_group,
    replicate_rates,
    settings_from_params,
)

PARAMS = dict(model="mlp", hidden=[8], batch_size=4, max_passes=1)


def test_settings_from_params_builds_the_optimizer():
    adam = {**PARAMS, "optimizer": {"name": "adam", "betas": [0.8, 0.9]}}
    settings = settings_from_params(adam, 1e-3)
    assert settings.optimizer == OptimizerSettings("adam", betas=(0.8, 0.9))
    assert settings_from_params(PARAMS, 0.1).optimizer == OptimizerSettings()


def test_settings_from_params_builds_augmentations_and_hidden_tuple():
    aug = {"padding": 2, "degrees": 10.0}
    settings = settings_from_params({**PARAMS, "train_aug": aug, "tta_aug": None}, 0.1, seed=3)
    assert settings.train_aug == Augmentation(**aug) and settings.tta_aug is None
    assert settings.hidden == (8,) and settings.seed == 3 and settings.lr == 0.1


def test_replicate_rates_scale_each_seeds_own_divergent_rate():
    search = {"seeds": [0, 1, 2], "divergent_lr": [0.4, 0.8, 1.6]}
    assert replicate_rates(search, [2, 0], 0.5) == [0.8, 0.2]
    with pytest.raises(ValueError, match=r"no result for seeds \[7\]"):
        replicate_rates(search, [0, 7], 0.5)


def test_per_group_wraps_a_single_value():
    assert per_group("metrics.csv") == ["metrics.csv"]
    assert per_group({"B": 1}) == [{"B": 1}]
    assert per_group(0.5) == [0.5]
    assert per_group(["a.csv", "b.csv"]) == ["a.csv", "b.csv"]


def test_metrics_frame_puts_identifiers_first_and_each_replicates_rows_in_order():
    rows = [{"update": 0, "train_loss": 2.3, "wall_time_s": 0.1}]
    results = [
        RunResult(seed=0, lr=0.1, rows=rows, status="completed"),
        RunResult(seed=1, lr=0.2, rows=rows, status="diverged"),
    ]
    frame = metrics_frame(results, {"batch_size": 4})
    assert list(frame.columns) == [
        "batch_size", "seed", "lr", "status", "update", "train_loss", "wall_time_s"
    ]  # fmt: skip
    assert frame["seed"].tolist() == [0, 1]
    assert frame["status"].tolist() == ["completed", "diverged"]
