"""Graph structure: op nodes, deep chains and large graphs without recursion errors."""

import numpy as np
import torch

from sgdlab.minigrad import Node
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.nodes import topological_order


def test_c_equals_a_plus_b_structure():
    """003 questions 5-6: c.source is the op node, whose inputs are a and b, output c."""
    a, b = Node(np.ones((2, 2)), name="a"), Node(np.full((2, 2), 2.0), name="b")
    c = a + b
    assert c.source.op.__name__ == "Add"
    assert c.source.inputs == [a, b]
    assert c.source.outputs == [c]
    np.testing.assert_array_equal(c.source.inputs[0].value, a.value)
    assert a.grad is None  # no backward yet


def test_fifty_deep_chain_matches_autograd():
    x0 = np.array([0.7, -0.4])
    x = Node(x0)
    y = x
    t = torch.tensor(x0, requires_grad=True)
    u = t
    for i in range(50):
        y = F.tanh(y) * 1.1 if i % 2 else F.sin(y) + 0.1
        u = torch.tanh(u) * 1.1 if i % 2 else torch.sin(u) + 0.1
    F.sum(y).backward()
    u.sum().backward()
    np.testing.assert_allclose(x.grad, t.grad.numpy(), rtol=1e-12)


def test_chain_deeper_than_recursion_limit():
    """A chain of 5000 ops: the iterative order never recurses. d(x + 5000 * 1)/dx = 1."""
    x = Node(np.array(0.5))
    y = x
    for _ in range(5000):
        y = y + 1.0
    y.backward()
    assert float(x.grad) == 1.0


def test_ten_thousand_node_graph_with_shared_nodes():
    """10^4 value nodes where every op reads the two previous nodes (a Fibonacci-like DAG)."""
    a = Node(np.array(0.3))
    b = Node(np.array(0.2))
    nodes = [a, b]
    ta = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(0.2, dtype=torch.float64, requires_grad=True)
    tnodes = [ta, tb]
    for _ in range(1700):
        nodes.append(F.sin(nodes[-1]) * 0.5 + nodes[-2] * 0.5)
        tnodes.append(torch.sin(tnodes[-1]) * 0.5 + tnodes[-2] * 0.5)
    assert len(topological_order(nodes[-1])) >= 10_000
    nodes[-1].backward()
    tnodes[-1].backward()
    np.testing.assert_allclose([a.grad, b.grad], [ta.grad.item(), tb.grad.item()], rtol=1e-10)


def test_an_input_that_needs_no_gradient_gets_none_and_the_weights_are_unchanged():
    """X W with X a data batch (requires_grad=False): dW = X^T G still, X.grad stays None."""
    rng = np.random.default_rng(5)
    x_value, w_value = rng.standard_normal((4, 3)), rng.standard_normal((3, 2))
    g = rng.standard_normal((4, 2))
    x, w = Node(x_value, requires_grad=False), Node(w_value)
    out = x @ w
    assert out.requires_grad and out.source.context["needs_grad"] == (False, True)
    F.sum(out * g).backward()
    assert x.grad is None
    np.testing.assert_allclose(w.grad, x_value.T @ g, rtol=1e-14)


def test_nodes_made_of_constants_only_need_no_gradient():
    x = Node(np.ones(3), requires_grad=False)
    y = F.sin(x) * 2.0
    assert not y.requires_grad
    assert not y.source.inputs[1].requires_grad, "the wrapped constant 2.0"
