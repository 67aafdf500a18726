"""Log-log slopes fitted only where one power law holds: one regime, or two with a break.

A cost curve often has two regimes: flat while a fixed overhead (Python's per-op cost, a
library's set-up) dominates, then a power law once the arithmetic does. One straight line
through both gives a slope that describes neither. ``regime_slopes`` fits the whole range,
and every split into a lower and an upper range of at least ``MIN_POINTS`` points each; it
keeps the best split (least squared error of the two lines) when its two slopes differ by at
least ``MIN_CHANGE`` with disjoint 95% intervals, and the single line otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sgdlab.pipeline.statistics import Interval, loglog_slope

# Points each regime needs, and the change of slope that counts as a second regime.
MIN_POINTS = 3
MIN_CHANGE = 0.5


def _squared_error(x: np.ndarray, y: np.ndarray) -> float:
    """Residual sum of squares of the least-squares line of log y on log x."""
    lx, ly = np.log(x), np.log(y)
    residual = ly - np.polyval(np.polyfit(lx, ly, 1), lx)
    return float(residual @ residual)


def _row(regime: str, x: np.ndarray, y: np.ndarray, fit: Interval) -> dict[str, Any]:
    """A regime's range, its measured values at both ends, and its slope."""
    return {
        "regime": regime,
        "x_min": float(x[0]),
        "x_max": float(x[-1]),
        "y_at_x_min": float(y[0]),
        "y_at_x_max": float(y[-1]),
        "points": fit.n,
        "slope": fit.estimate,
        "ci_low": fit.low,
        "ci_high": fit.high,
    }


def _separate(lower: Interval, upper: Interval) -> bool:
    """Whether two slopes are different regimes: far enough apart, intervals disjoint."""
    if np.isnan([lower.low, lower.high, upper.low, upper.high]).any():
        return False
    apart = abs(upper.estimate - lower.estimate) >= MIN_CHANGE
    return apart and (lower.high < upper.low or upper.high < lower.low)


def regime_slopes(x: Sequence[float], y: Sequence[float]) -> list[dict[str, Any]]:
    """One row per regime: its name, range, end values, points, slope and 95% interval.

    ``regime`` is "whole range", or "lower" and "upper" when the curve breaks.
    """
    order = np.argsort(np.asarray(x, dtype=np.float64), kind="stable")
    xs = np.asarray(x, dtype=np.float64)[order]
    ys = np.asarray(y, dtype=np.float64)[order]
    whole = [_row("whole range", xs, ys, loglog_slope(xs, ys))]
    splits = range(MIN_POINTS, len(xs) - MIN_POINTS + 1)
    if not splits:
        return whole
    best = min(
        splits, key=lambda k: _squared_error(xs[:k], ys[:k]) + _squared_error(xs[k:], ys[k:])
    )
    lower = loglog_slope(xs[:best], ys[:best])
    upper = loglog_slope(xs[best:], ys[best:])
    if not _separate(lower, upper):
        return whole
    return [_row("lower", xs[:best], ys[:best], lower), _row("upper", xs[best:], ys[best:], upper)]
