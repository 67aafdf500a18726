"""One asked-for value beside its independent derivation, and the helpers every answer uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from sgdlab.studies.autodiff import programs

DOCUMENTS = {
    "000": "000_c9208c5f745f8f12.txt",
    "001": "001_d450d758804f5c5c.txt",
    "002": "002_8b264e80ed0c5d82.txt",
    "004": "004_3f409878d5cce0ab.txt",
}
EXACT = 1e-12
FINITE_DIFFERENCE = 1e-6


@dataclass(frozen=True)
class Answer:
    """One asked-for value, its independent derivation and the document's value if any.

    ``key`` is the row's stable id (the answer book selects rows by it); ``point`` is the x
    the value is taken at, where there is one; ``points_checked`` says over how many points
    or elements a largest-difference check ran.
    """

    key: str
    document: str
    question: str
    quantity: str
    pytorch_value: float
    independent_value: float
    independent_method: str
    decimals: int | None = None
    document_value: float | None = None
    tolerance: float = EXACT
    points_checked: int | None = None
    point: float | None = None


def float64(value: float | list) -> torch.Tensor:
    """A float64 tensor of a number or a (nested) list."""
    return torch.tensor(value, dtype=torch.float64)


def derivative_at(program: programs.Program, x: float) -> float:
    """The derivative PyTorch's autograd returns for ``program`` at the point ``x``."""
    return float(programs.pytorch_derivative(program, float64([x]))[0])


def entrywise(
    key: str,
    document: str,
    question: str,
    name: str,
    pytorch: torch.Tensor,
    independent: np.ndarray,
    method: str,
    **options: Any,
) -> list[Answer]:
    """One answer per entry of an array (``name[i, j]``, key ``key_ij``), PyTorch beside it."""
    return [
        Answer(
            f"{key}_{''.join(map(str, index))}",
            document,
            question,
            f"{name}[{', '.join(map(str, index))}]",
            float(pytorch[index]),
            float(independent[index]),
            method,
            **options,
        )
        for index in np.ndindex(np.shape(independent))
    ]
