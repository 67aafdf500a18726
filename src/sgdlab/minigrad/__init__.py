"""minigrad: a small NumPy autodiff library, reverse and forward mode, checked against PyTorch.

- ``primitives``: op classes with ``forward``, ``backward`` (reverse) and ``tangent`` (forward).
- ``overloading``: ``+``, ``*``, ``@``, ``[]`` ... on nodes and duals, through the primitives.
- ``nodes``: value nodes, op nodes and the iterative backward pass.
- ``forward``: dual values, Jacobian-vector products, gradients by d forward sweeps.
- ``functional``: named ops (``sin``, ``matmul``, ``cross_entropy`` ...) in either mode.
- ``modules``: linear layer, MLP, SGD with momentum.
- ``drawing``: Graphviz drawings of a computation graph from its node objects.

The derivations of the backward functions are in ``docs/minigrad_derivations.md``.
"""

from sgdlab.minigrad.forward import Dual, gradient_forward, jvp
from sgdlab.minigrad.nodes import Node, OpNode

__all__ = ["Dual", "Node", "OpNode", "gradient_forward", "jvp"]
