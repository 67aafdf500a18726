"""Every minigrad op beside its PyTorch twin, with input shapes and derivation section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from sgdlab.minigrad import functional as F

TARGETS = np.array([2, 0, 1, 2])


@dataclass(frozen=True)
class Case:
    name: str
    section: str  # section of docs/minigrad_derivations.md the op's backward comes from
    ours: Callable
    theirs: Callable
    shapes: tuple[tuple[int, ...], ...]
    positive: bool = False  # inputs drawn in (0.5, 2) for log, sqrt, divide, normalize


CASES = [
    Case("add", "§4", lambda a, b: a + b, lambda a, b: a + b, ((3, 4), (3, 4))),
    Case("add broadcast", "§4", lambda a, b: a + b, lambda a, b: a + b, ((3, 4), (4,))),
    Case("add broadcast 1", "§4", lambda a, b: a + b, lambda a, b: a + b, ((3, 1), (1, 4))),
    Case("subtract", "§4", lambda a, b: a - b, lambda a, b: a - b, ((2, 3), (2, 1))),
    Case("multiply", "§1", lambda a, b: a * b, lambda a, b: a * b, ((3, 4), (3, 4))),
    Case("multiply broadcast", "§4", lambda a, b: a * b, lambda a, b: a * b, ((2, 3, 4), (3, 1))),
    Case("divide", "§1", lambda a, b: a / b, lambda a, b: a / b, ((3, 4), (3, 4)), True),
    Case("divide broadcast", "§1", lambda a, b: a / b, lambda a, b: a / b, ((3, 4), (4,)), True),
    Case("matmul", "§3", F.matmul, torch.matmul, ((5, 3), (3, 2))),
    Case("sum all", "§4", F.sum, torch.sum, ((3, 4),)),
    Case("sum axis", "§4", lambda x: F.sum(x, axis=1), lambda x: x.sum(dim=1), ((3, 4),)),
    Case(
        "expand",
        "§4",
        lambda x: F.expand(x, axis=1, copies=16),
        lambda x: x.unsqueeze(1).expand(-1, 16),
        ((5,),),
    ),
    Case("select", "§5", lambda x: x[[0, 2, 0]], lambda x: x[[0, 2, 0]], ((4, 3),)),
    Case("select slice", "§5", lambda x: x[:, 1:3], lambda x: x[:, 1:3], ((4, 5),)),
    Case("squeeze", "§5", lambda x: F.squeeze(x, axis=1), lambda x: x.squeeze(1), ((3, 1, 2),)),
    Case("unsqueeze", "§5", lambda x: F.unsqueeze(x, axis=0), lambda x: x.unsqueeze(0), ((3, 2),)),
    Case("reshape", "§5", lambda x: F.reshape(x, (2, 6)), lambda x: x.reshape(2, 6), ((3, 4),)),
    Case(
        "normalize",
        "§5",
        F.normalize,
        lambda x: x / x.sum(dim=1, keepdim=True),
        ((3, 4),),
        True,
    ),
    Case("exp", "§2", F.exp, torch.exp, ((3, 4),)),
    Case("log", "§2", F.log, torch.log, ((3, 4),), True),
    Case("sin", "§2", F.sin, torch.sin, ((3, 4),)),
    Case("cos", "§2", F.cos, torch.cos, ((3, 4),)),
    Case("sqrt", "§2", F.sqrt, torch.sqrt, ((3, 4),), True),
    Case("tanh", "§2", F.tanh, torch.tanh, ((3, 4),)),
    Case("sigmoid", "§2", F.sigmoid, torch.sigmoid, ((3, 4),)),
    Case("relu", "§2", F.relu, torch.relu, ((3, 4),)),
    Case(
        "cross entropy",
        "§6",
        lambda z: F.cross_entropy(z, TARGETS),
        lambda z: torch.nn.functional.cross_entropy(z, torch.from_numpy(TARGETS)),
        ((4, 3),),
    ),
]


def draw_inputs(case: Case, seed: int) -> list[np.ndarray]:
    """Random float64 inputs for a case, positive where its domain needs it."""
    rng = np.random.default_rng(seed)
    if case.positive:
        return [rng.uniform(0.5, 2.0, size=s) for s in case.shapes]
    return [rng.standard_normal(s) * 2.0 for s in case.shapes]
