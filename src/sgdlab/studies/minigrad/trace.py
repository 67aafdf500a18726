"""004 problem 2: the evaluation trace z1..z6 of f(w1, w2) in forward and reverse mode.

Each intermediate z_t is computed three ways and compared: with minigrad (forward mode for
dz_t/dw1, reverse mode for the adjoint df/dz_t), with PyTorch's autograd, and by the
closed-form chain rule written out by hand below.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import torch

from sgdlab.minigrad import Dual, Node
from sgdlab.minigrad import functional as F

STEPS = ("z1", "z2", "z3", "z4", "z5", "z6")
EXPRESSIONS = {
    "w1": "w1",
    "w2": "w2",
    "z1": "w1 / w2",
    "z2": "sin(2 pi z1)",
    "z3": "exp(2 w2)",
    "z4": "3 z1 - z3",
    "z5": "z2 + z4",
    "z6": "z4 z5",
}
TOLERANCE = 1e-12


def evaluation_trace(w1: Any, w2: Any, sin: Any = F.sin, exp: Any = F.exp) -> dict[str, Any]:
    """The six steps of the trace, in whatever mode w1 and w2 carry (Node, Dual, tensor)."""
    z1 = w1 / w2
    z2 = sin(2 * math.pi * z1)
    z3 = exp(2 * w2)
    z4 = 3 * z1 - z3
    z5 = z2 + z4
    z6 = z4 * z5
    return {"z1": z1, "z2": z2, "z3": z3, "z4": z4, "z5": z5, "z6": z6}


def closed_form(w1: float, w2: float) -> dict[str, dict[str, float]]:
    """Value, dz/dw1 and adjoint df/dz of every step, by the chain rule done by hand."""
    z1 = w1 / w2
    z2, z3 = math.sin(2 * math.pi * z1), math.exp(2 * w2)
    z4 = 3 * z1 - z3
    z5 = z2 + z4
    d1 = 1 / w2
    d2 = 2 * math.pi * math.cos(2 * math.pi * z1) * d1
    d4 = 3 * d1
    d5 = d2 + d4
    # Adjoints from the output back: z6 = z4 z5 and z5 = z2 + z4 both read z4.
    a5 = z4
    a4 = z5 + a5
    a3, a2 = -a4, a5
    a1 = 3 * a4 + 2 * math.pi * math.cos(2 * math.pi * z1) * a2
    return {
        "w1": {"value": w1, "forward": 1.0, "adjoint": a1 / w2},
        "w2": {"value": w2, "forward": 0.0, "adjoint": -a1 * w1 / w2**2 + 2 * z3 * a3},
        "z1": {"value": z1, "forward": d1, "adjoint": a1},
        "z2": {"value": z2, "forward": d2, "adjoint": a2},
        "z3": {"value": z3, "forward": 0.0, "adjoint": a3},
        "z4": {"value": z4, "forward": d4, "adjoint": a4},
        "z5": {"value": z5, "forward": d5, "adjoint": a5},
        "z6": {"value": z4 * z5, "forward": d4 * z5 + z4 * d5, "adjoint": 1.0},
    }


def minigrad_trace(w1: float, w2: float) -> dict[str, dict[str, float]]:
    """Value, dz/dw1 (one forward sweep seeded on w1) and df/dz (one reverse sweep)."""
    duals = evaluation_trace(Dual(w1, 1.0), Dual(w2, 0.0))
    n1, n2 = Node(w1, name="w1"), Node(w2, name="w2")
    nodes = evaluation_trace(n1, n2)
    nodes["z6"].backward()
    inputs = {"w1": (Dual(w1, 1.0), n1), "w2": (Dual(w2, 0.0), n2)}
    pairs = {**inputs, **{s: (duals[s], nodes[s]) for s in STEPS}}
    return {
        name: {
            "value": float(node.value),
            "forward": float(dual.tangent),
            "adjoint": float(node.grad),
        }
        for name, (dual, node) in pairs.items()
    }


def torch_trace(w1: float, w2: float) -> dict[str, dict[str, float]]:
    """Value, dz/dw1 and df/dz from PyTorch's autograd, float64, intermediates retained."""
    t1 = torch.tensor(w1, dtype=torch.float64, requires_grad=True)
    t2 = torch.tensor(w2, dtype=torch.float64, requires_grad=True)
    steps = evaluation_trace(t1, t2, sin=torch.sin, exp=torch.exp)
    forward = {
        s: torch.autograd.grad(z, t1, retain_graph=True, allow_unused=True)[0]
        for s, z in steps.items()
    }
    for z in steps.values():
        z.retain_grad()
    steps["z6"].backward()
    named = {"w1": t1, "w2": t2, **steps}
    forward_values = {"w1": 1.0, "w2": 0.0}
    forward_values.update({s: 0.0 if g is None else g.item() for s, g in forward.items()})
    return {
        name: {"value": t.item(), "forward": forward_values[name], "adjoint": t.grad.item()}
        for name, t in named.items()
    }


def trace_table(points: Sequence[Sequence[float]]) -> pd.DataFrame:
    """One row per point and variable (w1, w2, z1..z6): all three ways side by side."""
    rows = []
    for index, (w1, w2) in enumerate(points):
        ours, theirs, exact = minigrad_trace(w1, w2), torch_trace(w1, w2), closed_form(w1, w2)
        for name in ("w1", "w2", *STEPS):
            row: dict[str, Any] = {
                "point": index,
                "w1": w1,
                "w2": w2,
                "variable": name,
                "expression": EXPRESSIONS[name],
            }
            for key, label in (
                ("value", "value"),
                ("forward", "d_dw1_forward"),
                ("adjoint", "df_d_reverse"),
            ):
                row[f"{label}_minigrad"] = ours[name][key]
                row[f"{label}_torch"] = theirs[name][key]
                row[f"{label}_closed_form"] = exact[name][key]
            rows.append(row)
    table = pd.DataFrame(rows)
    table["agrees"] = _agrees(table)
    return table


def _agrees(table: pd.DataFrame) -> pd.Series:
    """True where minigrad equals PyTorch and the closed form to ``TOLERANCE`` (relative)."""
    ok = pd.Series(True, index=table.index)
    for label in ("value", "d_dw1_forward", "df_d_reverse"):
        ours = table[f"{label}_minigrad"].to_numpy()
        for other in ("torch", "closed_form"):
            ref = table[f"{label}_{other}"].to_numpy()
            ok &= np.isclose(ours, ref, rtol=TOLERANCE, atol=TOLERANCE)
    return ok
