import pytest
import torch
import torch.nn.functional as F

from sgdlab.engine import analytic_mlp
from sgdlab.engine.models import build_model, model_slug


def test_models_are_seeded_and_have_the_documented_shapes():
    a, b = build_model("mlp", (32, 16, 12), 7), build_model("mlp", (32, 16, 12), 7)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    assert [layer.out_features for layer in analytic_mlp.linear_layers(a)] == [32, 16, 12, 10]
    cnn = build_model("cnn", (), 0)
    assert cnn(torch.rand(3, 1, 28, 28)).shape == (3, 10)
    assert sum(p.numel() for p in cnn.parameters()) < 20_000
    with pytest.raises(ValueError, match="unknown model"):
        build_model("resnet", (), 0)
    assert model_slug("mlp", [32, 16, 12]) == "mlp-32-16-12" and model_slug("cnn", []) == "cnn"


def test_mlp_is_not_linear():
    model = build_model("mlp", (64,), 0)
    x = torch.randn(4, 1, 28, 28)
    assert not torch.allclose(
        model(2 * x) - model(torch.zeros_like(x)),
        2 * (model(x) - model(torch.zeros_like(x))),
        atol=1e-4,
    )


@pytest.mark.parametrize("hidden", [(64,), (32, 16, 12)])
@pytest.mark.parametrize("batch", [1, 7])
def test_analytic_gradients_equal_autograd(hidden, batch):
    model = build_model("mlp", hidden, 1)
    x, y = torch.randn(batch, 1, 28, 28), torch.randint(10, (batch,))
    F.cross_entropy(model(x), y).backward()
    copy = build_model("mlp", hidden, 1)
    ours = analytic_mlp.gradients(analytic_mlp.stack([copy]), x[None], y[None])
    for param, grad in zip(model.parameters(), ours, strict=True):
        torch.testing.assert_close(grad[0], param.grad, rtol=1e-5, atol=1e-7)


def test_stacked_sgd_step_equals_torch_sgd_per_replicate():
    """Three replicates with their own weights, batches and rates, against torch.optim.SGD."""
    x, y = torch.randn(3, 5, 1, 28, 28), torch.randint(10, (3, 5))
    lrs = [0.3, 0.1, 0.05]
    ours = [build_model("mlp", (64,), seed) for seed in range(3)]
    stacked = analytic_mlp.stack(ours)
    analytic_mlp.sgd_step(stacked, x, y, torch.tensor(lrs).view(3, 1, 1))
    for r, lr in enumerate(lrs):
        theirs = build_model("mlp", (64,), r)
        optimizer = torch.optim.SGD(theirs.parameters(), lr=lr)
        F.cross_entropy(theirs(x[r]), y[r]).backward()
        optimizer.step()
        for p, q in zip(ours[r].parameters(), theirs.parameters(), strict=True):
            torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-7)


def test_a_replicates_stacked_steps_do_not_depend_on_the_others():
    """Replicate 0 alone and beside four others: bit-identical weights after 50 steps."""
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(50, 5, 1, 1, 28, 28, generator=g), torch.randint(10, (50, 5, 1), generator=g)
    alone = [build_model("mlp", (64,), 0)]
    among = [build_model("mlp", (64,), seed) for seed in range(5)]
    stacks = analytic_mlp.stack(alone), analytic_mlp.stack(among)
    for step in range(50):
        analytic_mlp.sgd_step(stacks[0], x[step, :1], y[step, :1], torch.full((1, 1, 1), 0.1))
        analytic_mlp.sgd_step(stacks[1], x[step], y[step], torch.full((5, 1, 1), 0.1))
    for p, q in zip(alone[0].parameters(), among[0].parameters(), strict=True):
        assert torch.equal(p, q)


def test_mlp_without_activation_is_affine_with_the_relu_nets_weights():
    linear, relu = build_model("mlp", (32, 16, 12), 5, "none"), build_model("mlp", (32, 16, 12), 5)
    for a, b in zip(linear.parameters(), relu.parameters(), strict=True):
        assert torch.equal(a, b)
    x1, x2 = torch.randn(4, 1, 28, 28), torch.randn(4, 1, 28, 28)
    with torch.no_grad():
        mixed = linear(0.3 * x1 + 0.7 * x2)
        torch.testing.assert_close(mixed, 0.3 * linear(x1) + 0.7 * linear(x2), atol=1e-4, rtol=0)
        assert not torch.allclose(relu(0.3 * x1 + 0.7 * x2), 0.3 * relu(x1) + 0.7 * relu(x2))
    assert model_slug("mlp", [32, 16, 12], "none") == "mlp-32-16-12-linear"
    with pytest.raises(ValueError, match="hidden activation 'tanh'"):
        build_model("mlp", (4,), 0, "tanh")


def test_lenet_has_the_tutorial_shapes_with_one_input_channel():
    model = build_model("lenet", (), 0)
    assert model(torch.randn(3, 1, 28, 28)).shape == (3, 10)
    # conv(1->6, 5x5), conv(6->16, 5x5), 16*5*5 -> 120 -> 84 -> 10, each with biases.
    layers = [(1 * 25, 6), (6 * 25, 16), (16 * 5 * 5, 120), (120, 84), (84, 10)]
    assert sum(p.numel() for p in model.parameters()) == sum((i + 1) * o for i, o in layers)
    assert model_slug("lenet", []) == "lenet"
    with pytest.raises(ValueError, match="mlp only"):
        build_model("lenet", (), 0, "none")
