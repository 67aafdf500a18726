"""003 questions 5-7 answered for sgdlab.minigrad by looking at the library while it runs.

``graph_values`` builds c = a + b and reads what its members hold before and after a
backward pass; ``source_lines`` finds, with ``inspect``, the lines of the library that
define an op node's operation, do the NumPy addition, link an op node to its output and
call each op's backward, and quotes them with their neighbours. Both are computed when the
table is built, so they follow the code.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import sgdlab
from sgdlab.minigrad import Node, OpNode
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.primitives import Add

# Lines of context quoted above and below a source line (fewer at a function's ends).
BEFORE, AFTER = 5, 3
# Columns of a graph_values row besides its stage.
COLUMNS = ("expression", "meaning", "observed")


def addition(seed: int) -> tuple[Node, Node, Node]:
    """a, b (seeded random 2 x 2 arrays) and c = a + b, the graph of 003 question 5."""
    rng = np.random.default_rng(seed)
    a = Node(rng.standard_normal((2, 2)), name="a")
    b = Node(rng.standard_normal((2, 2)), name="b")
    c = a + b
    c.name = "c"
    return a, b, c


def _array(value: Any) -> str:
    """An array (or None) on one line, three decimals."""
    if value is None:
        return "None"
    return np.array2string(np.asarray(value), precision=3, separator=", ").replace("\n", "")


def _names(nodes: list[Node]) -> str:
    return "[" + ", ".join(n.name for n in nodes) + "]"


def graph_values(seed: int) -> pd.DataFrame:
    """What c.value, c.source, c.source.inputs[0].value and a.grad hold, before and after."""
    a, b, c = addition(seed)
    source = c.source
    rows = [
        (
            "c.value",
            "the NumPy array a.value + b.value, computed when c was created",
            f"{_array(c.value)}; equal to a.value + b.value: "
            f"{np.array_equal(c.value, a.value + b.value)}",
        ),
        (
            "c.source",
            "the op node (OpNode) that created c: the op class, its input nodes and output nodes",
            f"{type(source).__name__}(op={source.op.__name__}, inputs={_names(source.inputs)}, "
            f"outputs={_names(source.outputs)})",
        ),
        (
            "c.source.inputs[0].value",
            "the value of the op's first input, which is the node a: a's own array, not a copy",
            f"{_array(source.inputs[0].value)}; is a.value: {source.inputs[0].value is a.value}",
        ),
        (
            "a.grad",
            "the gradient of the loss with respect to a; empty until a backward pass reaches a",
            f"{_array(a.grad)} (a.grad is None: {a.grad is None})",
        ),
    ]
    table = [{"stage": "before backward", **dict(zip(COLUMNS, r, strict=True))} for r in rows]
    loss = F.sum(c)
    loss.backward()
    after = [
        (
            "a.grad",
            "∂l/∂a for l = sum(c): each element of a adds once to l, so all ones",
            _array(a.grad),
        ),
        ("c.grad", "∂l/∂c, the gradient that Add.backward passed on to a and b", _array(c.grad)),
    ]
    table += [
        {"stage": "after l = sum(c); l.backward()", **dict(zip(COLUMNS, r, strict=True))}
        for r in after
    ]
    return pd.DataFrame(table)


def _where(target: Callable | type) -> tuple[Path, list[str], int]:
    """The file of ``target``, its source lines and the number of its first line."""
    lines, first = inspect.getsourcelines(target)
    return Path(inspect.getsourcefile(target)), lines, first


# Key -> (the function or class holding the line, text the line contains, what it shows).
QUOTES: dict[str, tuple[Callable | type, str, str]] = {
    "op_class": (OpNode.__init__, "self.op = op", "an op node holds its op: a subclass of Op"),
    "addition": (Add.forward, "a + b", "the NumPy addition of the two input arrays"),
    "output_link": (Node.apply, "outputs.append", "the op node is linked to its output node"),
    "backward_call": (Node.backward, ".op.backward(", "backward() calls each op's backward"),
}


def quote(target: Callable | type, contains: str) -> dict[str, Any]:
    """The first line of ``target`` containing ``contains``: file, number and context.

    The context is the line with ``BEFORE`` lines above and ``AFTER`` below (within ``target``),
    dedented, each numbered, the quoted one marked with '>'.
    """
    path, lines, first = _where(target)
    offsets = [i for i, text in enumerate(lines) if contains in text]
    if not offsets:
        raise ValueError(f"no line of {target.__qualname__} contains {contains!r}")
    at = offsets[0]
    low, high = max(at - BEFORE, 0), min(at + AFTER + 1, len(lines))
    body = textwrap.dedent("".join(lines[low:high])).splitlines()
    numbered = [
        f"{'>' if low + i == at else ' '} {first + low + i:4d}  {text}".rstrip()
        for i, text in enumerate(body)
    ]
    root = Path(sgdlab.__file__).resolve().parents[1]
    return {
        "file": f"src/{path.resolve().relative_to(root).as_posix()}",
        "line": first + at,
        "function": target.__qualname__,
        "source": lines[at].strip(),
        "context": "\n".join(numbered),
    }


def source_lines() -> pd.DataFrame:
    """The quoted lines of ``QUOTES``, one row per key."""
    return pd.DataFrame(
        [
            {"key": key, "shows": shows, **quote(target, contains)}
            for key, (target, contains, shows) in QUOTES.items()
        ]
    )
