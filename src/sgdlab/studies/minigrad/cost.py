"""004 problem 3, measured: time and scratch memory of forward and reverse mode.

The function f: R^d -> R applies T elementwise ops to its input vector (alternating tanh
and sin, each scaled) and sums the result. Each measured ``Series`` is one computation
(f alone, one derivative df/dw1, the full gradient by d forward sweeps, by one forward sweep
carrying all d tangents at once, or by one reverse sweep) timed or traced against d (at
fixed T) or against T (at fixed d). Time is the fastest of ``repeats`` passes over all the
timed points after a warm-up pass (the least disturbed by other processes); peak scratch
memory is NumPy's and Python's allocations above those already held when the computation
starts (``tracemalloc``), after a warm-up and a garbage collection, which makes it the same
from run to run.
"""

from __future__ import annotations

import gc
import math
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from sgdlab.minigrad import Dual, Node, gradient_forward
from sgdlab.minigrad import functional as F
from sgdlab.studies.minigrad.regimes import regime_slopes


def chain(w: Any, ops: int, tanh: Any = F.tanh, sin: Any = F.sin, total: Any = F.sum) -> Any:
    """f(w) = sum(g_T(...g_1(w))) with g alternating 0.9 tanh and 0.9 sin: T + 1 ops."""
    x = w
    for t in range(ops):
        x = (tanh(x) if t % 2 == 0 else sin(x)) * 0.9
    return total(x)


def evaluate(w: np.ndarray, ops: int) -> float:
    """f(w) alone on plain arrays: each intermediate is freed once the next is computed."""
    return float(chain(w, ops, np.tanh, np.sin, np.sum))


def forward_one(w: np.ndarray, ops: int) -> float:
    """df/dw1 by one forward sweep: a dual number seeded with the tangent e1."""
    seed = np.zeros_like(w)
    seed[0] = 1.0
    return float(chain(Dual(w, seed), ops).tangent)


def reverse(w: np.ndarray, ops: int) -> np.ndarray:
    """The full gradient (and so df/dw1) by one reverse sweep over the recorded graph."""
    node = Node(w)
    chain(node, ops).backward()
    return node.grad


def forward_sweeps(w: np.ndarray, ops: int) -> np.ndarray:
    """The full gradient by d forward sweeps, one after another, each seeded with one e_j."""
    return gradient_forward(lambda v: chain(v, ops), w)


def forward_batched(w: np.ndarray, ops: int) -> np.ndarray:
    """The full gradient by one forward sweep carrying all d tangents at once.

    The value is held as a (d, 1) column and the tangents as the d x d identity, so each
    elementwise op's tangent rule, f'(x) times the tangent, scales all d columns at once;
    the final sum over axis 0 leaves df/dw_j in column j. This is the d parallel workers of
    the document's answer done as one wide sweep.
    """
    out = chain(Dual(w[:, None], np.eye(w.size)), ops, total=lambda x: F.sum(x, axis=0))
    return out.tangent


@dataclass(frozen=True)
class Series:
    """One measured curve: a computation timed or traced against d or against T."""

    key: str  # row key of minigrad_cost_slopes.csv
    measure: str  # "time_s" or "peak_bytes"
    against: str  # "d" (at fixed T) or "T" (at fixed d)
    label: str  # what is computed, as the figure's legend says it
    run: Callable[[np.ndarray, int], Any]


SERIES = (
    Series("one_derivative_forward_T", "time_s", "T", "df/dw1, one forward sweep", forward_one),
    Series("one_derivative_reverse_T", "time_s", "T", "df/dw1, one reverse sweep", reverse),
    Series("one_sweep_forward_d", "time_s", "d", "one forward sweep (one derivative)", forward_one),
    Series(
        "gradient_forward_sweeps_d", "time_s", "d", "gradient, d forward sweeps", forward_sweeps
    ),
    Series(
        "gradient_forward_batched_d",
        "time_s",
        "d",
        "gradient, forward with d tangents at once",
        forward_batched,
    ),
    Series("gradient_reverse_d", "time_s", "d", "gradient, one reverse sweep", reverse),
    Series("memory_f_freed_T", "peak_bytes", "T", "f alone, intermediates freed", evaluate),
    Series("memory_forward_T", "peak_bytes", "T", "df/dw1, one forward sweep", forward_one),
    Series("memory_reverse_T", "peak_bytes", "T", "df/dw1, one reverse sweep", reverse),
    Series("memory_f_freed_d", "peak_bytes", "d", "f alone, intermediates freed (m)", evaluate),
    Series(
        "memory_repeated_forward_d",
        "peak_bytes",
        "d",
        "gradient, d forward sweeps one after another",
        forward_sweeps,
    ),
    Series(
        "memory_forward_batched_d",
        "peak_bytes",
        "d",
        "gradient, forward with d tangents at once",
        forward_batched,
    ),
)
SERIES_BY_KEY = {s.key: s for s in SERIES}


def fastest_times(runs: Sequence[Callable[[], Any]], repeats: int) -> list[float]:
    """Fastest wall time (s) of each run over ``repeats`` passes, after one warm-up pass.

    Each pass times every run once, so a burst of load from other processes spoils one
    pass's times, not all the repeats of one run. The cyclic garbage collector is off
    while timing, as in ``timeit``: its passes would land on whichever run crosses its
    threshold.
    """
    for run in runs:
        run()
    fastest = [math.inf] * len(runs)
    gc.disable()
    try:
        for _ in range(repeats):
            for i, run in enumerate(runs):
                start = time.perf_counter()
                run()
                fastest[i] = min(fastest[i], time.perf_counter() - start)
    finally:
        gc.enable()
    return fastest


def peak_scratch(run: Callable[[], Any], repeats: int) -> int:
    """Peak bytes ``run`` allocates above what is held when it starts (tracemalloc).

    A warm-up run first fills caches that live on (NumPy's and Python's), and a garbage
    collection before each traced run clears what earlier runs left; the smallest peak of
    ``repeats`` runs is kept (in practice they are equal).
    """
    run()
    peaks = []
    for _ in range(repeats):
        gc.collect()
        tracemalloc.start()
        try:
            held = tracemalloc.get_traced_memory()[0]
            run()
            peaks.append(tracemalloc.get_traced_memory()[1] - held)
        finally:
            tracemalloc.stop()
    return min(peaks)


def _points(
    series: Series, dims: Sequence[int], ops_grid: Sequence[int], fixed: tuple[int, int]
) -> list[tuple[int, int]]:
    """(d, T) of every point of a series: against d at the fixed T, or against T at the fixed d."""
    fixed_ops, fixed_dim = fixed
    if series.against == "d":
        return [(d, fixed_ops) for d in dims]
    return [(fixed_dim, t) for t in ops_grid]


def measure(
    dims: Sequence[int], ops_grid: Sequence[int], fixed_ops: int, fixed_dim: int, repeats: int
) -> pd.DataFrame:
    """Tidy measurements of every series: against d at ``fixed_ops``, against T at ``fixed_dim``."""
    # Objects alive now (the imported libraries) are never garbage: moving them out of the
    # collector's reach makes each collection before a traced run cheap.
    gc.collect()
    gc.freeze()
    rows, runs = [], []
    for series in SERIES:
        for d, ops in _points(series, dims, ops_grid, (fixed_ops, fixed_dim)):
            rows.append(
                {
                    "key": series.key,
                    "measure": series.measure,
                    "against": series.against,
                    "label": series.label,
                    "computation": series.run.__name__,
                    "d": d,
                    "T": ops,
                }
            )
            runs.append(partial(series.run, np.linspace(-1.0, 1.0, d), ops))
    table = pd.DataFrame(rows)
    timed = (table["measure"] == "time_s").to_numpy()
    table["value"] = np.nan
    table.loc[timed, "value"] = fastest_times(
        [r for r, t in zip(runs, timed, strict=True) if t], repeats
    )
    table.loc[~timed, "value"] = [
        float(peak_scratch(r, max(1, min(repeats, 2))))
        for r, t in zip(runs, timed, strict=True)
        if not t
    ]
    return table


def slopes(measurements: pd.DataFrame) -> pd.DataFrame:
    """Log-log slopes (95% CI) of every series against its variable, one row per regime."""
    rows = []
    for key, group in measurements.groupby("key", sort=False):
        first = group.iloc[0]
        fixed = "T" if first["against"] == "d" else "d"
        for fit in regime_slopes(group[first["against"]], group["value"]):
            rows.append(
                {
                    "key": key,
                    "measure": first["measure"],
                    "label": first["label"],
                    "against": first["against"],
                    "fixed": f"{fixed} = {int(first[fixed])}",
                    **fit,
                }
            )
    return pd.DataFrame(rows)
