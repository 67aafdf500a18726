"""003 questions 5-8 as pictures: computation graphs drawn from minigrad's own node objects."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sgdlab.minigrad import Node
from sgdlab.minigrad.drawing import render, to_dot
from sgdlab.studies.minigrad.introspection import addition
from sgdlab.studies.minigrad.trace import evaluation_trace


def addition_graph(seed: int) -> str:
    """DOT of c = a + b for two random 2x2 arrays (003 question 5)."""
    return to_dot(addition(seed)[2], title="c = a + b")


def trace_graph(point: Sequence[float]) -> str:
    """DOT of the evaluation trace of 004 problem 2 at (w1, w2), values in the circles."""
    w1, w2 = point
    steps = evaluation_trace(Node(w1, name="w1"), Node(w2, name="w2"))
    for name, node in steps.items():
        node.name = name
    return to_dot(steps["z6"], title=f"004 problem 2 trace at (w1, w2) = ({w1:g}, {w2:g})")


# Graph name (sgdlab.studies.minigrad.GRAPHS) -> the function giving its DOT text.
GRAPHS: dict[str, Callable[..., str]] = {"addition": addition_graph, "trace": trace_graph}


def draw(name: str, png: Path, pdf: Path, **settings: Any) -> None:
    """Render the named graph (``addition``: ``seed``; ``trace``: ``point``) as PNG and PDF."""
    if name not in GRAPHS:
        raise ValueError(f"unknown graph {name!r}; fix: use one of {sorted(GRAPHS)}")
    render(GRAPHS[name](**settings), png, pdf)
