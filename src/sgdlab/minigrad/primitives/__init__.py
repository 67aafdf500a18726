"""minigrad's primitive ops: NumPy forward, backward (reverse mode) and tangent (forward mode).

``base`` holds the contract (``Op``), ``arithmetic`` +, -, *, / and the matrix product,
``shaping`` the ops that move elements, ``reductions`` sums, row normalization and the
cross-entropy, ``elementwise`` y = f(x). The derivation behind each backward is in
``docs/minigrad_derivations.md``.
"""

from sgdlab.minigrad.primitives.arithmetic import Add, Divide, MatMul, Multiply, Subtract
from sgdlab.minigrad.primitives.base import Array, Context, Op
from sgdlab.minigrad.primitives.elementwise import (
    Cos,
    Elementwise,
    Exp,
    Log,
    Relu,
    Sigmoid,
    Sin,
    Sqrt,
    Tanh,
)
from sgdlab.minigrad.primitives.reductions import CrossEntropy, Normalize, Sum
from sgdlab.minigrad.primitives.shaping import Expand, Reshape, Select, Squeeze, Unsqueeze

__all__ = [
    "Add",
    "Array",
    "Context",
    "Cos",
    "CrossEntropy",
    "Divide",
    "Elementwise",
    "Exp",
    "Expand",
    "Log",
    "MatMul",
    "Multiply",
    "Normalize",
    "Op",
    "Relu",
    "Reshape",
    "Select",
    "Sigmoid",
    "Sin",
    "Sqrt",
    "Squeeze",
    "Subtract",
    "Sum",
    "Tanh",
    "Unsqueeze",
]
