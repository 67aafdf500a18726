"""003 questions 1-4 and 8, checked: every op's backward and tangent against PyTorch.

Each case applies one minigrad op to seeded random float64 inputs beside its PyTorch twin;
the op's class is read from the output node (``out.source.op``), not named by hand. The
backward is checked on a random weighting of the outputs, so that every output element has
its own gradient (torch.autograd), the tangent against ``torch.func.jvp``. The derivation of
each backward is the named section of ``docs/minigrad_derivations.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from sgdlab.minigrad import Node, jvp
from sgdlab.minigrad import functional as F

TARGETS = np.array([2, 0, 1, 2])
# Relative and absolute tolerance of "agrees": float64 round-off of a few ops.
RTOL, ATOL = 1e-10, 1e-13
# The seed of every case's inputs (its output weights and tangents use the next ones).
SEED = 0
# Derivation section -> the 003 question it answers.
QUESTIONS = {"§1": "q1", "§2": "q2", "§3": "q3", "§4": "q4", "§5": "q8", "§6": ""}


@dataclass(frozen=True)
class Case:
    """One op applied to inputs of given shapes, beside its PyTorch twin."""

    name: str
    section: str  # section of docs/minigrad_derivations.md the op's backward comes from
    ours: Callable
    theirs: Callable
    shapes: tuple[tuple[int, ...], ...]
    positive: bool = False  # inputs drawn in (0.5, 2) for log, sqrt, divide, normalize


def _binary(name: str, section: str, fn: Callable, *shapes: tuple[int, ...], **kw: bool) -> Case:
    """A case whose op is one Python operator, the same for nodes and tensors."""
    return Case(name, section, fn, fn, shapes, **kw)


CASES = [
    _binary("add", "§4", lambda a, b: a + b, (3, 4), (3, 4)),
    _binary("add broadcast", "§4", lambda a, b: a + b, (3, 4), (4,)),
    _binary("add broadcast 1", "§4", lambda a, b: a + b, (3, 1), (1, 4)),
    _binary("subtract", "§4", lambda a, b: a - b, (2, 3), (2, 1)),
    _binary("multiply", "§1", lambda a, b: a * b, (3, 4), (3, 4)),
    _binary("multiply broadcast", "§4", lambda a, b: a * b, (2, 3, 4), (3, 1)),
    _binary("divide", "§1", lambda a, b: a / b, (3, 4), (3, 4), positive=True),
    _binary("divide broadcast", "§1", lambda a, b: a / b, (3, 4), (4,), positive=True),
    # A layer's X (n = 5, f = 3) times W held as f x m (m = 2), as minigrad's Linear holds it.
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
    _binary("select", "§5", lambda x: x[[0, 2, 0]], (4, 3)),
    _binary("select slice", "§5", lambda x: x[:, 1:3], (4, 5)),
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


@dataclass(frozen=True)
class Comparison:
    """One case run both ways: minigrad's and PyTorch's output, input gradients, tangent."""

    op: str
    ours: list[np.ndarray]  # output, then the gradient of each input
    theirs: list[np.ndarray]
    tangent_ours: np.ndarray
    tangent_theirs: np.ndarray


def compare(case: Case, seed: int = SEED) -> Comparison:
    """Run ``case`` in minigrad and PyTorch: output, backward of a weighted sum, tangent."""
    inputs = draw_inputs(case, seed)
    nodes = [Node(x) for x in inputs]
    out = case.ours(*nodes)
    weights = np.random.default_rng(seed + 1).standard_normal(out.shape)
    F.sum(out * weights).backward()
    tensors = [torch.tensor(x, requires_grad=True) for x in inputs]
    expected = case.theirs(*tensors)
    (expected * torch.from_numpy(weights)).sum().backward()
    rng = np.random.default_rng(seed + 2)
    tangents = [rng.standard_normal(x.shape) for x in inputs]
    _, tangent = jvp(case.ours, inputs, tangents)
    _, expected_tangent = torch.func.jvp(
        case.theirs,
        tuple(torch.from_numpy(x) for x in inputs),
        tuple(torch.from_numpy(t) for t in tangents),
    )
    return Comparison(
        op=out.source.op.__name__,
        ours=[out.value, *(n.grad for n in nodes)],
        theirs=[expected.detach().numpy(), *(t.grad.numpy() for t in tensors)],
        tangent_ours=tangent,
        tangent_theirs=expected_tangent.numpy(),
    )


def _largest_difference(ours: list[np.ndarray], theirs: list[np.ndarray]) -> float:
    return max(float(np.max(np.abs(a - b), initial=0.0)) for a, b in zip(ours, theirs, strict=True))


def _close(ours: list[np.ndarray], theirs: list[np.ndarray]) -> bool:
    return all(
        a.shape == b.shape and np.allclose(a, b, rtol=RTOL, atol=ATOL)
        for a, b in zip(ours, theirs, strict=True)
    )


def _distinct(values: pd.Series) -> str:
    """The different non-empty values of a column, in order, joined by commas."""
    return ", ".join(dict.fromkeys(v for v in values if v))


def op_check_table(seed: int = SEED) -> pd.DataFrame:
    """One row per op class: its cases, the largest differences to PyTorch, and agreement."""
    rows = []
    for case in CASES:
        found = compare(case, seed)
        rows.append(
            {
                "op": found.op,
                "question": QUESTIONS[case.section],
                "section": case.section,
                "shapes": " and ".join(str(s) for s in case.shapes),
                "case": f"{case.name}: {' and '.join(str(s) for s in case.shapes)}",
                "max_abs_difference": _largest_difference(found.ours[1:], found.theirs[1:]),
                "max_abs_gradient": max(float(np.abs(g).max()) for g in found.theirs[1:]),
                "output_max_abs_difference": _largest_difference(found.ours[:1], found.theirs[:1]),
                "tangent_max_abs_difference": _largest_difference(
                    [found.tangent_ours], [found.tangent_theirs]
                ),
                "agrees": _close(found.ours, found.theirs)
                and _close([found.tangent_ours], [found.tangent_theirs]),
            }
        )
    cases = pd.DataFrame(rows)
    return (
        cases.groupby("op", sort=False)
        .agg(
            question=("question", _distinct),
            section=("section", _distinct),
            shapes=("shapes", "first"),
            cases=("case", "; ".join),
            max_abs_difference=("max_abs_difference", "max"),
            max_abs_gradient=("max_abs_gradient", "max"),
            output_max_abs_difference=("output_max_abs_difference", "max"),
            tangent_max_abs_difference=("tangent_max_abs_difference", "max"),
            agrees=("agrees", "all"),
        )
        .reset_index()
        .assign(tolerance=f"rtol {RTOL:g}, atol {ATOL:g}", seed=seed)
    )
