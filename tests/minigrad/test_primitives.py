"""Every op's backward against torch.autograd and its tangent against torch.func.jvp.

Each case names the section of docs/minigrad_derivations.md that derives its backward
(003_60588305cd3a2728.txt questions 1-4 are §1-§4, question 8 is §5). The cases and their
PyTorch twins live in sgdlab.studies.minigrad.checks, which builds minigrad_op_checks.csv
from them; tests/studies/test_minigrad.py checks that table against closed forms.
"""

import numpy as np
import pytest

from sgdlab.minigrad import Dual, Node
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.primitives.arithmetic import unbroadcast
from sgdlab.studies.minigrad.checks import CASES, compare

IDS = [f"{c.name} ({c.section})" for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("seed", [1, 3])
def test_backward_and_tangent_match_pytorch(case, seed):
    found = compare(case, seed)
    np.testing.assert_allclose(found.ours[0], found.theirs[0], rtol=1e-12, atol=1e-14)
    for ours, theirs in zip(found.ours[1:], found.theirs[1:], strict=True):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(found.tangent_ours, found.tangent_theirs, rtol=1e-10, atol=1e-13)


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
