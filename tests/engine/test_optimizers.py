"""Optimizer choice: each is the torch.optim update, written out by hand, and resumes exactly."""

import pytest
import torch

from sgdlab.engine import checkpoint
from sgdlab.engine.optimizers import OptimizerSettings, build_optimizer
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train
from tests.conftest import synthetic_data


def _step(settings: OptimizerSettings, lr: float, start: torch.Tensor, grads: list[torch.Tensor]):
    weight = torch.nn.Parameter(start.clone())
    optimizer = build_optimizer(settings, [weight], lr)
    for grad in grads:
        weight.grad = grad.clone()
        optimizer.step()
    return weight.detach()


def test_plain_sgd_is_torch_sgd_without_extras():
    optimizer = build_optimizer(OptimizerSettings(), [torch.nn.Parameter(torch.zeros(2))], 0.1)
    assert type(optimizer) is torch.optim.SGD
    assert optimizer.defaults["momentum"] == 0 and optimizer.defaults["weight_decay"] == 0


def test_momentum_is_the_heavy_ball_update():
    w0, grads, lr, mu = torch.tensor([1.0, -2.0]), [torch.tensor([0.5, 1.0])] * 3, 0.1, 0.9
    expected, velocity = w0.clone(), torch.zeros(2)
    for grad in grads:
        velocity = mu * velocity + grad
        expected -= lr * velocity
    got = _step(OptimizerSettings("momentum", momentum=mu), lr, w0, grads)
    torch.testing.assert_close(got, expected)


def test_first_adam_step_moves_by_lr_times_sign():
    w0, grad = torch.tensor([1.0, -2.0, 3.0]), torch.tensor([0.3, -4.0, 1e-2])
    got = _step(OptimizerSettings("adam", eps=1e-12), 0.01, w0, [grad])
    torch.testing.assert_close(got, w0 - 0.01 * torch.sign(grad))


def test_adamw_decays_weights_decoupled_from_the_gradient():
    w0 = torch.tensor([1.0, -2.0])
    got = _step(OptimizerSettings("adamw", weight_decay=0.1), 0.01, w0, [torch.zeros(2)])
    torch.testing.assert_close(got, w0 * (1 - 0.01 * 0.1))


def test_bad_optimizer_settings_are_named():
    with pytest.raises(ValueError, match="unknown optimizer 'rmsprop'"):
        OptimizerSettings("rmsprop")
    with pytest.raises(ValueError, match="momentum"):
        OptimizerSettings("momentum", momentum=1.5)


def _without_time(rows):
    return [{k: v for k, v in row.items() if k != "wall_time_s"} for row in rows]


@pytest.mark.parametrize("name", ["momentum", "adam"])
def test_interrupted_run_resumes_to_identical_metrics(tmp_path, monkeypatch, name):
    settings = RunSettings(
        model="mlp",
        hidden=(16,),
        batch_size=8,
        lr=0.01 if name == "momentum" else 1e-3,
        seed=0,
        max_passes=2,
        log_every_passes=0.25,
        optimizer=OptimizerSettings(name),
        ema_gamma=0.05,
    )
    data = synthetic_data()
    uninterrupted = train(settings, data, log=lambda _: None)
    save, saves = checkpoint.save_atomic, []

    def save_then_die(state, path):
        save(state, path)
        saves.append(state["updates"])
        if len(saves) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(checkpoint, "save_atomic", save_then_die)
    path = tmp_path / "checkpoint.pt"
    with pytest.raises(KeyboardInterrupt):
        train(settings, data, checkpoint_path=path, checkpoint_every_passes=0.25)
    monkeypatch.setattr(checkpoint, "save_atomic", save)
    messages = []
    resumed = train(settings, data, checkpoint_path=path, log=messages.append)
    assert any(f"at update {saves[-1]}" in m for m in messages)
    assert _without_time(resumed.rows) == _without_time(uninterrupted.rows)
