"""Replicates in one batched run: a seed computes the same alone as among others."""

import dataclasses
import math

import pytest

from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train, train_replicates
from sgdlab.engine.transforms import Augmentation
from tests.conftest import synthetic_data

AUG = Augmentation(padding=2, degrees=10.0)
MLP_SETTINGS = RunSettings(
    "mlp", (32,), batch_size=1, lr=0.05, seed=0, max_updates=400, log_every_passes=0.25
)
CNN_SETTINGS = RunSettings(
    "cnn",
    (),
    batch_size=16,
    lr=0.05,
    seed=0,
    max_passes=3,
    log_every_passes=1.0,
    train_aug=AUG,
    tta_aug=AUG,
    tta_views=4,
)


def _without_time(rows):
    return [{k: v for k, v in row.items() if k != "wall_time_s"} for row in rows]


def _assert_rows_close(a, b, rel):
    assert len(a) == len(b)
    for row_a, row_b in zip(_without_time(a), _without_time(b), strict=True):
        assert row_a.keys() == row_b.keys()
        for key, value in row_a.items():
            assert math.isclose(value, row_b[key], rel_tol=rel, abs_tol=1e-12), key


@pytest.mark.parametrize(
    "settings", [MLP_SETTINGS, CNN_SETTINGS], ids=["stacked-mlp", "augmented-cnn"]
)
def test_seed_zero_alone_equals_seed_zero_among_five(settings):
    """Issue 14's requirement is 1e-6 relative over a few hundred updates; measured: equal."""
    data = synthetic_data()
    alone = train_replicates(settings, [0], [settings.lr], data, log=lambda _: None)
    among = train_replicates(
        settings, [0, 1, 2, 3, 4], [settings.lr, 0.03, 0.02, 0.04, 0.01], data, log=lambda _: None
    )
    _assert_rows_close(alone[0].rows, among[0].rows, rel=1e-6)
    assert _without_time(alone[0].rows) == _without_time(among[0].rows)
    assert among[1].rows[-1]["train_loss"] != among[0].rows[-1]["train_loss"]


def test_each_replicate_equals_its_own_run():
    data = synthetic_data()
    batch = train_replicates(MLP_SETTINGS, [3, 7], [0.05, 0.02], data, log=lambda _: None)
    for seed, lr, result in zip([3, 7], [0.05, 0.02], batch, strict=True):
        alone = train(RunSettings(**{**MLP_SETTINGS.__dict__, "seed": seed, "lr": lr}), data)
        assert _without_time(result.rows) == _without_time(alone.rows)


def test_one_seed_at_several_rates_in_one_batch_equals_each_rate_alone():
    """The minibatch study trains every rate factor of a B in one batch."""
    data = synthetic_data()
    batch = train_replicates(MLP_SETTINGS, [0, 1, 0, 1], [0.05, 0.05, 0.02, 0.02], data)
    for result in batch:
        alone = train(dataclasses.replace(MLP_SETTINGS, seed=result.seed, lr=result.lr), data)
        assert _without_time(result.rows) == _without_time(alone.rows)
    assert batch[0].rows[-1]["train_loss"] != batch[2].rows[-1]["train_loss"]


def test_a_seed_twice_at_the_same_rate_is_refused():
    with pytest.raises(ValueError, match="distinct"):
        train_replicates(MLP_SETTINGS, [0, 0], [0.05, 0.05], synthetic_data())


def test_a_diverged_replicate_is_frozen_while_the_others_go_on():
    messages = []
    results = train_replicates(
        MLP_SETTINGS, [0, 1], [0.05, 1e4], synthetic_data(), log=messages.append
    )
    good, bad = results
    assert good.status == "completed" and good.updates == 400
    assert bad.status == "diverged" and bad.diverged_at_update < 400
    assert bad.rows[-1]["update"] == bad.diverged_at_update
    assert any("seed 1 diverged" in m for m in messages)


def test_test_metrics_at_log_spaced_points_and_at_the_end():
    settings = RunSettings(
        "mlp",
        (16,),
        batch_size=8,
        lr=0.05,
        seed=0,
        max_passes=20,
        log_every_passes=1.0,
        test_points=4,
    )
    rows = train(settings, synthetic_data()).rows
    tested = [row["passes"] for row in rows if "test_accuracy" in row]
    assert tested == [0.0, 1.0, 3.0, 7.0, 20.0]
    assert all("train_accuracy" in row for row in rows) and len(rows) == 21


def test_interpolating_run_is_tested_where_it_stops():
    settings = RunSettings(
        "mlp",
        (64,),
        batch_size=8,
        lr=0.1,
        seed=0,
        max_passes=200,
        log_every_passes=1.0,
        stop_at_interpolation=True,
        test_points=3,
    )
    result = train(settings, synthetic_data())
    assert result.status == "interpolated" and result.rows[-1]["train_accuracy"] == 1.0
    assert "test_accuracy" in result.rows[-1]
    assert result.rows[-2]["train_accuracy"] < 1.0


def test_compiled_evaluation_gives_the_eager_metrics():
    """torch.compile of the CNN's evaluation forward changes speed, not one metric."""
    settings = dataclasses.replace(CNN_SETTINGS, max_passes=1, seed=3)
    eager = train(settings, synthetic_data(), log=lambda _: None)
    compiled = train(
        dataclasses.replace(settings, compile_evaluation=True), synthetic_data(), log=lambda _: None
    )
    assert _without_time(compiled.rows) == _without_time(eager.rows)
