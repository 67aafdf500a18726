import math

import pytest
import torch

from sgdlab.engine.sampling import BatchSampler
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train
from sgdlab.engine.transforms import Augmentation
from tests.conftest import synthetic_data


def _settings(**overrides):
    base = dict(
        model="mlp", hidden=(32,), batch_size=8, lr=0.05, seed=0, max_passes=2, log_every_passes=0.5
    )
    return RunSettings(**{**base, **overrides})


def _without_time(rows):
    return [{k: v for k, v in row.items() if k != "wall_time_s"} for row in rows]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {
            "model": "cnn",
            "hidden": (),
            "train_aug": Augmentation(2, 10.0),
            "tta_aug": Augmentation(2, 10.0),
            "tta_views": 4,
            "max_passes": 1,
        },
        {"sampling": "with_replacement"},
    ],
)
def test_same_seed_gives_identical_metrics(overrides):
    data = synthetic_data()
    a = train(_settings(**overrides), data, log=lambda _: None)
    b = train(_settings(**overrides), data, log=lambda _: None)
    assert _without_time(a.rows) == _without_time(b.rows)
    c = train(_settings(**{**overrides, "seed": 1}), data, log=lambda _: None)
    assert _without_time(a.rows) != _without_time(c.rows)


def test_budget_logging_grid_and_columns():
    data = synthetic_data(n=256)
    result = train(_settings(batch_size=16, max_passes=1.5, log_every_passes=0.25), data)
    assert result.status == "completed" and result.updates == math.floor(1.5 * 256 / 16)
    assert [r["passes"] for r in result.rows] == [0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]
    assert {"train_loss", "train_accuracy", "test_loss", "test_accuracy", "wall_time_s"} <= set(
        result.rows[0]
    )
    assert result.rows[-1]["train_loss"] < result.rows[0]["train_loss"]


def test_stops_at_interpolation():
    data = synthetic_data(n=64)
    result = train(_settings(max_passes=200, stop_at_interpolation=True, lr=0.1), data)
    assert result.status == "interpolated" and result.rows[-1]["train_accuracy"] == 1.0
    assert result.updates < 200 * 64 // 8


def test_divergence_ends_the_run_cleanly():
    data = synthetic_data()
    result = train(_settings(lr=1e4, max_passes=5), data, log=lambda _: None)
    assert result.status == "diverged" and result.diverged_at_update == result.updates
    assert result.updates < 5 * 256 // 8


def test_shuffle_sampler_sees_every_example_once_per_pass():
    sampler = BatchSampler(
        n=10, batch_size=4, sampling="shuffle", generator=torch.Generator().manual_seed(0)
    )
    stream = torch.cat([sampler.next_block(2).flatten(), sampler.next_block(3).flatten()])
    assert sorted(stream[:10].tolist()) == list(range(10))
    assert sorted(stream[10:20].tolist()) == list(range(10))


def test_settings_validation():
    with pytest.raises(ValueError, match="batch size"):
        _settings(batch_size=0)
    with pytest.raises(ValueError, match="exactly one budget"):
        _settings(max_updates=10)
    with pytest.raises(ValueError, match="sampling"):
        _settings(sampling="bootstrap")
