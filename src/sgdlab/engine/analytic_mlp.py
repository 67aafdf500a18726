"""SGD steps of several ReLU MLPs at once, as one stacked model, without autograd.

For the tiny MLPs of the documents at batch size 1, autograd's bookkeeping costs more than
the arithmetic (about 150 us of a 300 us step on 2 CPU cores), and one step of R replicate
networks costs little more than one step of one. ``stack`` puts the replicates' weights
into (R, out, in) tensors that the models then view, and ``sgd_step`` updates all of them
with batched matrix multiplies; replicate r's result does not depend on R (each matrix of a
batched multiply is computed alone; the tests check it). The gradient of the mean
cross-entropy of a ReLU MLP is short enough to write out: the tests check it against
autograd to float precision.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import torch
from torch import nn

from sgdlab.engine.models import MLP

Stack = list[tuple[torch.Tensor, torch.Tensor]]


def linear_layers(model: MLP) -> list[nn.Linear]:
    """The MLP's linear layers, input to output."""
    return [layer for layer in model.net if isinstance(layer, nn.Linear)]


@torch.no_grad()
def stack(models: Sequence[MLP]) -> Stack:
    """Stack same-shaped MLPs' (weight, bias) per layer and make each model view its slice.

    Updates to the stack are then the models' updates, so the models evaluate, save and
    load as before.
    """
    stacked: Stack = []
    for layers in zip(*(linear_layers(model) for model in models), strict=True):
        weight = torch.stack([layer.weight.detach() for layer in layers])
        bias = torch.stack([layer.bias.detach() for layer in layers])
        for r, layer in enumerate(layers):
            layer.weight.data, layer.bias.data = weight[r], bias[r]
        stacked.append((weight, bias))
    return stacked


def _backward(
    stacked: Stack, x: torch.Tensor, y: torch.Tensor, scale: torch.Tensor
) -> Iterator[tuple[torch.Tensor, torch.Tensor, int]]:
    """Yield scale x (weight grad, bias grad) and the layer index, last layer first.

    ``x`` is (R, B, ...) and ``y`` (R, B); ``scale`` (R, 1, 1) multiplies replicate r's
    gradients (1 for the gradients, the learning rate for an update). Each layer's
    gradients are complete before the caller may update that layer, since the signal passed
    further back is computed from the weights before the yield.
    """
    activations = [x.reshape(x.shape[0], x.shape[1], -1)]
    for weight, bias in stacked[:-1]:
        hidden = torch.baddbmm(bias[:, None, :], activations[-1], weight.transpose(1, 2))
        activations.append(hidden.clamp_(min=0))
    weight, bias = stacked[-1]
    logits = torch.baddbmm(bias[:, None, :], activations[-1], weight.transpose(1, 2))
    signal = torch.softmax(logits, dim=2)
    signal.scatter_add_(2, y[:, :, None], torch.full_like(signal[:, :, :1], -1.0))
    signal.mul_(scale / x.shape[1])
    for depth in range(len(stacked) - 1, -1, -1):
        inputs = activations[depth]
        weight_grad, bias_grad = signal.transpose(1, 2).bmm(inputs), signal.sum(dim=1)
        if depth > 0:
            signal = signal.bmm(stacked[depth][0]).mul_(inputs > 0)
        yield weight_grad, bias_grad, depth


@torch.no_grad()
def gradients(stacked: Stack, x: torch.Tensor, y: torch.Tensor) -> list[torch.Tensor]:
    """Gradients of each replicate's mean cross-entropy: (weight, bias) per layer, in order."""
    grads: list[torch.Tensor] = []
    ones = torch.ones(x.shape[0], 1, 1, dtype=x.dtype, device=x.device)
    for weight_grad, bias_grad, _ in _backward(stacked, x, y, ones):
        grads = [weight_grad, bias_grad, *grads]
    return grads


@torch.no_grad()
def sgd_step(stacked: Stack, x: torch.Tensor, y: torch.Tensor, lr: torch.Tensor) -> None:
    """Update every replicate in place by minus its rate ``lr[r]`` times its gradient."""
    for weight_grad, bias_grad, depth in _backward(stacked, x, y, lr):
        weight, bias = stacked[depth]
        weight.sub_(weight_grad)
        bias.sub_(bias_grad)
