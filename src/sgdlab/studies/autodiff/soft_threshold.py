"""The differentiable module of 002 part 2: g_T(x; M) = M^-1 f_T(M x) with M a parameter."""

from __future__ import annotations

import torch
from torch import nn

from sgdlab.studies.autodiff.programs import soft_threshold


def symmetric_invertible_matrix(dimension: int, seed: int) -> torch.Tensor:
    """A seeded symmetric, well-conditioned invertible float64 matrix: (A + A^T) / 2 + d I.

    The document's helper is not given; this draws A with standard normal entries and
    shifts the spectrum by d, so M is symmetric and (almost surely) far from singular.
    """
    generator = torch.Generator().manual_seed(seed)
    a = torch.randn(dimension, dimension, generator=generator, dtype=torch.float64)
    return (a + a.T) / 2 + dimension * torch.eye(dimension, dtype=torch.float64)


class SoftThresholdModule(nn.Module):
    """g_T(x; M) = M^-1 f_T(M x), T fixed, M a symmetric invertible ``Parameter``.

    The inverse is applied inside ``forward`` by a linear solve, so gradients reach M
    through both M x and M^-1. Precomputing ``torch.inverse(M)`` in the constructor, as the
    document's solution does, freezes the inverse: no gradient flows through it.
    """

    def __init__(self, threshold: float, initial: torch.Tensor) -> None:
        super().__init__()
        if not torch.equal(initial, initial.T):
            raise ValueError("M0 must be symmetric")
        self.threshold = threshold
        self.matrix = nn.Parameter(initial.clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """g_T(x; M) for x of shape (d,) or a batch (..., d)."""
        mx = x @ self.matrix.T
        thresholded = soft_threshold(mx, self.threshold)
        solved = torch.linalg.solve(self.matrix, thresholded.unsqueeze(-1))
        return solved.squeeze(-1)


def reconstruction_loss(module: SoftThresholdModule, x: torch.Tensor) -> torch.Tensor:
    """phi_T(x; M) = ||x - g_T(x; M)||^2 (002 part 2 E)."""
    return ((x - module(x)) ** 2).sum()
