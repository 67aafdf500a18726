"""The module of 002 part 2: g_T(x; M) = M^-1 f_T(M x) with M symmetric and invertible."""

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
    """g_T(x; M) = M^-1 f_T(M x), T fixed, M = (A + A^T) / 2 built from the parameter A.

    M is symmetric by construction, whatever update A receives: the document asks for a
    symmetric M, and its gradient with respect to an unconstrained M is not symmetric, so
    one SGD step on M itself would break the symmetry. The gradient with respect to A is
    the symmetric part of that gradient. M^-1 is applied inside ``forward`` by a linear
    solve (no inverse is stored), so gradients reach A through both M x and M^-1; the
    document's solution computes ``torch.inverse(M)`` once in the constructor, which
    freezes the inverse at M0.
    """

    def __init__(self, threshold: float, initial: torch.Tensor) -> None:
        super().__init__()
        if not torch.equal(initial, initial.T):
            raise ValueError("M0 must be symmetric")
        if int(torch.linalg.matrix_rank(initial)) < initial.shape[0]:
            raise ValueError("M0 must be invertible")
        self.threshold = threshold
        # A = M0 gives M = (M0 + M0^T) / 2 = M0.
        self.weights = nn.Parameter(initial.clone())

    @property
    def matrix(self) -> torch.Tensor:
        """M = (A + A^T) / 2, symmetric for every A."""
        return (self.weights + self.weights.T) / 2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """g_T(x; M) for x of shape (d,) or a batch (..., d), by solving M z = f_T(M x)."""
        matrix = self.matrix
        thresholded = soft_threshold(x @ matrix.T, self.threshold)
        solved = torch.linalg.solve(matrix, thresholded.unsqueeze(-1))
        return solved.squeeze(-1)


def reconstruction_loss(module: SoftThresholdModule, x: torch.Tensor) -> torch.Tensor:
    """phi_T(x; M) = ||x - g_T(x; M)||^2 (002 part 2 E)."""
    return ((x - module(x)) ** 2).sum()


def sgd_steps(module: SoftThresholdModule, x: torch.Tensor, steps: int, lr: float) -> None:
    """Minimize phi_T(x; M) over the module's parameter with ``steps`` plain SGD steps."""
    optimizer = torch.optim.SGD(module.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        reconstruction_loss(module, x).backward()
        optimizer.step()
