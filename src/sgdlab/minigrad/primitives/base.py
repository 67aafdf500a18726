"""The contract every primitive op follows: forward, backward (reverse) and tangent (forward).

Every op is a class of three static methods that share a ``context`` dict, filled by
``forward`` with what the other two need. ``backward`` maps the gradient of the loss with
respect to the output to the gradients with respect to each input (reverse mode);
``tangent`` maps the inputs' tangents to the output's tangent (forward mode).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
Context = dict[str, Any]


class Op:
    """Base of every op: forward, backward and tangent share one context dict."""

    @staticmethod
    def forward(context: Context, *inputs: Array, **kwargs: Any) -> Array:
        """Compute the output from the input values."""
        raise NotImplementedError

    @staticmethod
    def backward(context: Context, grad: Array) -> tuple[Array | None, ...]:
        """Map the loss gradient of the output to the loss gradients of the inputs.

        ``context["needs_grad"]`` says which inputs want one; an op may return None for
        the others.
        """
        raise NotImplementedError

    @staticmethod
    def tangent(context: Context, *tangents: Array) -> Array:
        """Map the inputs' tangents to the output's tangent (Jacobian-vector product)."""
        raise NotImplementedError
