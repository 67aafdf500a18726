"""Every op's backward against torch.autograd and its tangent against torch.func.jvp.

Each case names the section of docs/minigrad_derivations.md that derives its backward
(003_60588305cd3a2728.txt questions 1-4 are §1-§4, question 8 is §5).
"""

import numpy as np
import pytest
import torch

from sgdlab.minigrad import Dual, Node, jvp
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.primitives.arithmetic import unbroadcast

from .cases import CASES, draw_inputs

IDS = [f"{c.name} ({c.section})" for c in CASES]


def weighted_sum_torch(out, weights):
    return (out * weights).sum()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_backward_matches_autograd(case):
    inputs = draw_inputs(case, seed=1)
    nodes = [Node(x) for x in inputs]
    out = case.ours(*nodes)
    # A random weighting of the outputs, so every output element has its own gradient.
    weights = np.random.default_rng(2).standard_normal(out.shape)
    loss = F.sum(out * weights)
    loss.backward()

    tensors = [torch.tensor(x, requires_grad=True) for x in inputs]
    expected_out = case.theirs(*tensors)
    weighted_sum_torch(expected_out, torch.from_numpy(weights)).backward()

    np.testing.assert_allclose(out.value, expected_out.detach().numpy(), rtol=1e-12, atol=1e-14)
    for node, tensor in zip(nodes, tensors, strict=True):
        assert node.grad.shape == node.value.shape
        np.testing.assert_allclose(node.grad, tensor.grad.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_tangent_matches_torch_jvp(case):
    inputs = draw_inputs(case, seed=3)
    tangents = [np.random.default_rng(4 + i).standard_normal(x.shape) for i, x in enumerate(inputs)]
    value, tangent = jvp(case.ours, inputs, tangents)
    expected_value, expected_tangent = torch.func.jvp(
        case.theirs,
        tuple(torch.from_numpy(x) for x in inputs),
        tuple(torch.from_numpy(t) for t in tangents),
    )
    np.testing.assert_allclose(value, expected_value.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(tangent, expected_tangent.numpy(), rtol=1e-10, atol=1e-13)


def test_reused_node_accumulates_gradients():
    """x used three times (x * x + sin(x)): the gradients of all uses add up (§2, §1)."""
    x_value = np.array([0.3, -1.2, 2.0])
    x = Node(x_value)
    F.sum(x * x + F.sin(x)).backward()
    np.testing.assert_allclose(x.grad, 2 * x_value + np.cos(x_value), rtol=1e-14)


def test_second_backward_starts_afresh():
    """Calling backward twice on one graph gives the same gradient, not twice it."""
    x = Node(np.array([1.0, 2.0]))
    loss = F.sum(x * x)
    loss.backward()
    loss.backward()
    np.testing.assert_allclose(x.grad, [2.0, 4.0])


def test_unbroadcast_sums_stretched_axes():
    """§4: a gradient (2, 3, 4) reduced to an input of shape (3, 1) sums axes 0 and 2."""
    grad = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(unbroadcast(grad, (3, 1)), grad.sum(axis=(0, 2))[:, None])


def test_backward_needs_a_scalar():
    with pytest.raises(ValueError, match="starts from a scalar"):
        Node(np.ones(3)).backward()


def test_matmul_rejects_vectors():
    with pytest.raises(ValueError, match="two matrices"):
        F.matmul(Node(np.ones(3)), Node(np.ones((3, 2))))


def test_mixing_modes_is_an_error():
    with pytest.raises(TypeError, match="exactly one mode"):
        F.matmul(Node(np.ones((2, 2))), Dual(np.ones((2, 2))))
