"""Modules: Glorot bounds, and training curves equal to PyTorch's in float64."""

import numpy as np
import pytest
import torch

from sgdlab.minigrad import Node
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.modules import SGD, MinigradMLP, MLPSettings, init_weight


def torch_mlp(model: MinigradMLP, settings: MLPSettings):
    """The same network in PyTorch, with minigrad's initial weights copied in."""
    layers = []
    for layer in model.layers:
        lin = torch.nn.Linear(*layer.weight.shape, dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(layer.weight.value.T))
            lin.bias.copy_(torch.from_numpy(layer.bias.value))
        layers.append(lin)
    act = {"sigmoid": torch.sigmoid, "relu": torch.relu}[settings.activation]

    def forward(x):
        h = x
        for lin in layers[:-1]:
            out = act(lin(h))
            h = out + h if settings.residual and h is not x and h.shape == out.shape else out
        return layers[-1](h)

    return forward, [p for lin in layers for p in lin.parameters()]


@pytest.mark.parametrize(
    "activation, residual, momentum",
    [("sigmoid", False, 0.0), ("relu", True, 0.9)],
)
def test_training_curve_equals_pytorch(activation, residual, momentum):
    """300 float64 SGD steps, same weights and batches: losses equal to 1e-9 relative."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((256, 6))
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int64) + (x[:, 2] > 1).astype(np.int64)
    settings = MLPSettings(6, (8, 8), 3, activation=activation, residual=residual)
    model = MinigradMLP(settings, np.random.default_rng(1))
    forward, params = torch_mlp(model, settings)
    ours_opt = SGD(model.parameters(), lr=0.1, momentum=momentum)
    theirs_opt = torch.optim.SGD(params, lr=0.1, momentum=momentum)
    order = np.random.default_rng(2).integers(0, 256, size=(300, 16))
    ours, theirs = [], []
    for batch in order:
        ours_opt.zero_grad()
        loss = F.cross_entropy(model(Node(x[batch])), y[batch])
        loss.backward()
        ours_opt.step()
        ours.append(float(loss.value))
        theirs_opt.zero_grad()
        tloss = torch.nn.functional.cross_entropy(
            forward(torch.from_numpy(x[batch])), torch.from_numpy(y[batch])
        )
        tloss.backward()
        theirs_opt.step()
        theirs.append(tloss.item())
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)
    assert ours[-1] < ours[0]  # it did learn something


def test_glorot_bound_and_inits():
    rng = np.random.default_rng(0)
    w = init_weight(rng, 300, 100, "glorot")
    bound = np.sqrt(6 / 400)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.95 * bound
    assert not init_weight(rng, 3, 2, "zeros").any()
    assert init_weight(rng, 200, 200, "normal").std() == pytest.approx(1.0, abs=0.02)
    with pytest.raises(ValueError, match="unknown initialization"):
        init_weight(rng, 2, 2, "ones")
