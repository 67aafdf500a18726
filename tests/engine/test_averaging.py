"""Averaged SGD: the EMA of the weights equals torch's AveragedModel and never steers training."""

import pytest
import torch
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from sgdlab.engine.averaging import WeightAverage
from sgdlab.engine.models import build_model
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train
from tests.conftest import synthetic_data


def test_average_equals_torch_averaged_model():
    gamma = 0.2
    model = build_model("mlp", (8,), 0)
    ours = WeightAverage(model, gamma)
    theirs = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(1 - gamma))
    theirs.update_parameters(model)  # torch's first update copies: the initial weights
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    data = synthetic_data(n=64)
    for step in range(5):
        index = torch.arange(step * 8, step * 8 + 8)
        loss = torch.nn.functional.cross_entropy(model(data.train_x[index]), data.train_y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        ours.update()
        theirs.update_parameters(model)
    for mine, torchs in zip(ours.model.parameters(), theirs.module.parameters(), strict=True):
        torch.testing.assert_close(mine, torchs, rtol=0, atol=0)


def test_average_of_fixed_weights_decays_geometrically():
    model, gamma, steps = build_model("mlp", (4,), 0), 0.1, 7
    start = [p.detach().clone() for p in model.parameters()]
    average = WeightAverage(model, gamma)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)
    for _ in range(steps):
        average.update()
    for mean, w0, w in zip(average.model.parameters(), start, model.parameters(), strict=True):
        torch.testing.assert_close(mean, w + (1 - gamma) ** steps * (w0 - w))


def test_bad_gamma_is_named():
    with pytest.raises(ValueError, match="ema_gamma"):
        WeightAverage(build_model("mlp", (4,), 0), 0.0)


def _settings(**overrides):
    base = dict(model="mlp", hidden=(16,), batch_size=8, lr=0.05, seed=0, max_passes=1)
    return RunSettings(**{**base, "log_every_passes": 0.5, **overrides})


@pytest.mark.parametrize("activation", ["relu", "none"])
def test_training_with_average_logs_it_and_trains_the_same(activation):
    data = synthetic_data()
    plain = train(_settings(hidden_activation=activation), data, log=lambda _: None)
    averaged = train(_settings(hidden_activation=activation, ema_gamma=0.01), data)
    metrics = ["train_loss", "train_accuracy", "test_loss", "test_accuracy"]
    for row, reference in zip(averaged.rows, plain.rows, strict=True):
        assert [row[m] for m in metrics] == [reference[m] for m in metrics]
    first, last = averaged.rows[0], averaged.rows[-1]
    assert [first[f"ema_{m}"] for m in metrics] == [first[m] for m in metrics]
    assert last["ema_train_loss"] != last["train_loss"]


def test_average_with_gamma_one_is_the_trained_model():
    rows = train(_settings(ema_gamma=1.0), synthetic_data()).rows
    for row in rows:
        torch.testing.assert_close(row["ema_train_loss"], row["train_loss"])
        assert row["ema_test_accuracy"] == row["test_accuracy"]
