"""004 problem 3, measured: time and scratch memory of forward and reverse mode.

The function f: R^d -> R applies T elementwise ops to its input vector (alternating tanh
and sin, each scaled) and sums the result. Its full gradient takes d forward sweeps (one
per basis tangent) or one reverse sweep. Time is measured against d at fixed T, peak
scratch memory (``tracemalloc``: NumPy's allocations, not PyTorch's) against T at fixed d.
PyTorch's ``torch.func.jacfwd`` / ``jacrev`` on the same function are timed beside them.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import torch

from sgdlab.minigrad import Node, gradient_forward
from sgdlab.minigrad import functional as F
from sgdlab.pipeline.statistics import loglog_slope

MODES = ("minigrad forward", "minigrad reverse", "torch jacfwd", "torch jacrev")
MEMORY_MODES = MODES[:2]


def chain(w: Any, ops: int, tanh: Any = F.tanh, sin: Any = F.sin, total: Any = F.sum) -> Any:
    """f(w) = sum(g_T(...g_1(w))) with g alternating 0.9 tanh and 0.9 sin: T + 1 ops."""
    x = w
    for t in range(ops):
        x = (tanh(x) if t % 2 == 0 else sin(x)) * 0.9
    return total(x)


def _gradient(mode: str, w: np.ndarray, ops: int) -> np.ndarray:
    """Full gradient of ``chain`` at w by one of ``MODES``."""
    if mode == "minigrad forward":
        return gradient_forward(lambda v: chain(v, ops), w)
    if mode == "minigrad reverse":
        node = Node(w)
        chain(node, ops).backward()
        return node.grad
    fn: Callable[[torch.Tensor], torch.Tensor] = lambda v: chain(  # noqa: E731
        v, ops, torch.tanh, torch.sin, torch.sum
    )
    jac = torch.func.jacfwd if mode == "torch jacfwd" else torch.func.jacrev
    return jac(fn)(torch.from_numpy(w)).numpy()


def gradient(mode: str, w: np.ndarray, ops: int) -> np.ndarray:
    """Full gradient of the chain function at w by ``mode``; an unknown mode is an error."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; fix: use one of {MODES}")
    return _gradient(mode, w, ops)


def wall_time(mode: str, d: int, ops: int, repeats: int) -> float:
    """Median wall time (s) of one full gradient by ``mode`` over ``repeats`` runs."""
    w = np.linspace(-1.0, 1.0, d)
    gradient(mode, w, ops)  # warm-up (imports, torch's first-call setup)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        gradient(mode, w, ops)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def peak_memory(mode: str, d: int, ops: int) -> int:
    """Peak bytes NumPy allocates while computing one full gradient by a minigrad mode."""
    if mode not in MEMORY_MODES:
        raise ValueError(f"memory is measured for {MEMORY_MODES} only, got {mode!r}")
    w = np.linspace(-1.0, 1.0, d)
    tracemalloc.start()
    try:
        gradient(mode, w, ops)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(
    dims: Sequence[int], ops_grid: Sequence[int], fixed_ops: int, fixed_dim: int, repeats: int
) -> pd.DataFrame:
    """Tidy measurements: time vs d at ``fixed_ops``, memory vs T at ``fixed_dim``."""
    torch.set_num_threads(1)
    rows = [
        {
            "measure": "time_s",
            "mode": m,
            "d": d,
            "T": fixed_ops,
            "value": wall_time(m, d, fixed_ops, repeats),
        }
        for m in MODES
        for d in dims
    ]
    rows += [
        {
            "measure": "peak_bytes",
            "mode": m,
            "d": fixed_dim,
            "T": t,
            "value": float(peak_memory(m, fixed_dim, t)),
        }
        for m in MEMORY_MODES
        for t in ops_grid
    ]
    return pd.DataFrame(rows)


def slopes(measurements: pd.DataFrame, min_dim: int = 1) -> pd.DataFrame:
    """Log-log slopes (95% CI): time against d (d >= ``min_dim``), memory against T."""
    rows = []
    for (measure_name, mode), group in measurements.groupby(["measure", "mode"], sort=False):
        x_name = "d" if measure_name == "time_s" else "T"
        if x_name == "d":
            group = group[group["d"] >= min_dim]
        fit = loglog_slope(group[x_name], group["value"])
        rows.append(
            {
                "measure": measure_name,
                "mode": mode,
                "against": x_name,
                "slope": fit.estimate,
                "ci_low": fit.low,
                "ci_high": fit.high,
                "points": fit.n,
            }
        )
    return pd.DataFrame(rows)
