"""The validation split: held out of training by its own seed, scored beside the test set."""

import dataclasses

import pytest
import torch

from sgdlab.engine.holdout import validation_count
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train
from tests.conftest import synthetic_data


def _indexed_data(n=200):
    """Synthetic data whose first pixel encodes each training image's index."""
    data = synthetic_data(n=n)
    raw = data.train_raw.clone()
    raw[:, 0, 0, 0] = torch.arange(n) / 1000
    return dataclasses.replace(data, train_raw=raw)


def _indices(raw):
    return torch.round(raw[:, 0, 0, 0] * 1000).long()


def test_split_is_disjoint_complete_and_keeps_labels():
    data = _indexed_data()
    split = data.with_validation(0.25, seed=3)
    held, kept = _indices(split.validation_raw), _indices(split.train_raw)
    assert len(held) == 50 and split.n_train == 150
    assert sorted(torch.cat([held, kept]).tolist()) == list(range(200))
    assert torch.equal(split.validation_y, data.train_y[held])
    assert torch.equal(split.train_y, data.train_y[kept])
    assert torch.equal(held, held.sort().values), "dataset order is kept"
    torch.testing.assert_close(split.validation_x, split.normalize(split.validation_raw))


def test_split_depends_on_its_own_seed_only():
    data = _indexed_data()
    first = _indices(data.with_validation(0.25, seed=3).validation_raw)
    again = _indices(data.with_validation(0.25, seed=3).validation_raw)
    other = _indices(data.with_validation(0.25, seed=4).validation_raw)
    assert torch.equal(first, again) and not torch.equal(first, other)


def test_no_fraction_no_split_and_bad_fractions_are_named():
    data = synthetic_data()
    assert data.with_validation(0.0, seed=0) is data and data.validation_x is None
    assert validation_count(6000, 1 / 6) == 1000
    with pytest.raises(ValueError, match="must lie in"):
        validation_count(100, 1.0)
    with pytest.raises(ValueError, match="holds out 0 of 10"):
        validation_count(10, 0.01)
    with pytest.raises(ValueError, match="already has a validation split"):
        data.with_validation(0.5, 0).with_validation(0.5, 0)


def _settings(**overrides):
    base = dict(
        model="mlp", hidden=(16,), batch_size=8, lr=0.05, seed=0, max_passes=1, log_every_passes=0.5
    )
    return RunSettings(**{**base, **overrides})


def test_runs_train_on_the_rest_and_log_validation_beside_test():
    data = synthetic_data(n=256)
    result = train(_settings(validation_fraction=0.25, validation_seed=1), data, log=print)
    rows = result.rows
    assert [row["update"] for row in rows] == [0, 12, 24], "one pass is 192 images, B = 8"
    for row in rows:
        assert {"validation_loss", "validation_accuracy", "test_accuracy"} <= set(row)
    without = train(_settings(), data, log=print)
    assert "validation_accuracy" not in without.rows[-1]


def test_validation_is_logged_when_test_metrics_are_skipped():
    data = synthetic_data(n=256)
    settings = _settings(validation_fraction=0.25, evaluate_test=False)
    last = train(settings, data, log=print).rows[-1]
    assert "validation_accuracy" in last and "test_accuracy" not in last
