"""Reverse mode: value nodes, op nodes, and backward in reverse topological order."""

from __future__ import annotations

from typing import Any

import numpy as np

from sgdlab.minigrad import primitives as P
from sgdlab.minigrad.overloading import Operators


class Node(Operators):
    """A value in the computation graph: its array, its gradient and the op node behind it.

    ``source`` is None for a leaf (an input or a parameter); ``grad`` is None until a
    backward pass reaches the node, then the loss gradient with the value's shape.
    ``requires_grad`` is False for a leaf whose gradient nobody wants (data, a constant)
    and for a node computed from such leaves only: backward computes no gradient for it.
    """

    __slots__ = ("value", "grad", "source", "name", "requires_grad")

    def __init__(
        self,
        value: Any,
        source: OpNode | None = None,
        name: str = "",
        requires_grad: bool = True,
    ) -> None:
        self.value = np.asarray(value, dtype=np.float64)
        self.grad: P.Array | None = None
        self.source = source
        self.name = name
        self.requires_grad = requires_grad

    def __repr__(self) -> str:
        return f"Node({self.name or 'unnamed'}, shape={self.value.shape})"

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the value."""
        return self.value.shape

    @classmethod
    def apply(cls, op: type[P.Op], *inputs: Any, **kwargs: Any) -> Node:
        """Run ``op`` forward, record an op node, and return the output node."""
        nodes = [
            x if isinstance(x, Node) else Node(x, name="constant", requires_grad=False)
            for x in inputs
        ]
        source = OpNode(op, nodes, kwargs)
        # Which inputs want a gradient: an op's backward may skip the others' (MatMul does).
        source.context["needs_grad"] = needs = tuple(n.requires_grad for n in nodes)
        value = op.forward(source.context, *(n.value for n in nodes), **kwargs)
        output = Node(value, source, requires_grad=any(needs))
        source.outputs.append(output)
        return output

    def backward(self) -> None:
        """Fill ``grad`` of every node this scalar depends on (d self / d node)."""
        if self.value.size != 1:
            raise ValueError(
                f"backward() starts from a scalar, got shape {self.value.shape}; "
                "fix: reduce the output first, e.g. with minigrad.sum"
            )
        order = topological_order(self)
        for node in order:
            node.grad = None
        self.grad = np.ones_like(self.value)
        for node in reversed(order):
            if node.source is None or node.grad is None or not node.requires_grad:
                continue
            grads = node.source.op.backward(node.source.context, node.grad)
            for parent, grad in zip(node.source.inputs, grads, strict=True):
                if parent.requires_grad:
                    parent.grad = grad if parent.grad is None else parent.grad + grad

    def zero_grad(self) -> None:
        """Forget the gradient (before the next backward pass on a parameter)."""
        self.grad = None


class OpNode:
    """One application of an op: the op class, its input and output nodes, its context."""

    __slots__ = ("op", "inputs", "outputs", "context", "kwargs")

    def __init__(self, op: type[P.Op], inputs: list[Node], kwargs: dict[str, Any]) -> None:
        self.op = op
        self.inputs = inputs
        self.outputs: list[Node] = []
        self.context: P.Context = {}
        self.kwargs = kwargs


def topological_order(root: Node) -> list[Node]:
    """Every node ``root`` depends on, inputs before outputs, by an iterative DFS.

    Iterative (an explicit stack) so that graphs thousands of ops deep do not reach
    Python's recursion limit; a node reached by several paths appears once.
    """
    order: list[Node] = []
    visited: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        if node.source is not None:
            stack.extend((p, False) for p in reversed(node.source.inputs) if id(p) not in visited)
    return order
