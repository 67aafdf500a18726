"""Replicate statistics shared by the studies: t-intervals, paired differences, log-log fits.

With a handful of seeds a bootstrap interval is too narrow; every interval here is the
Student-t interval of the mean (n - 1 degrees of freedom), and a slope's interval the
t-interval of the ordinary least-squares slope.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Interval:
    """Mean (or slope) with its two-sided confidence interval and the sample size n."""

    estimate: float
    low: float
    high: float
    n: int


def mean_interval(values: Sequence[float], level: float = 0.95) -> Interval:
    """Mean of ``values`` and its t-interval; one value gives an interval of NaN."""
    data = np.asarray(values, dtype=np.float64)
    n = len(data)
    mean = float(data.mean()) if n else math.nan
    if n < 2:
        return Interval(mean, math.nan, math.nan, n)
    half = stats.t.ppf(0.5 + level / 2, n - 1) * data.std(ddof=1) / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, n)


def paired_difference(
    first: Sequence[float], second: Sequence[float], level: float = 0.95
) -> Interval:
    """Mean of first - second over paired replicates (same seed), with its t-interval."""
    if len(first) != len(second):
        raise ValueError("paired samples need the same number of replicates")
    return mean_interval(np.asarray(first) - np.asarray(second), level)


def t_errorbar(values: Sequence[float]) -> tuple[float, float]:
    """(low, high) of the 95% t-interval, in the form seaborn's ``errorbar=`` callable takes."""
    interval = mean_interval(values)
    return interval.low, interval.high


def loglog_slope(x: Sequence[float], y: Sequence[float], level: float = 0.95) -> Interval:
    """Slope of log y against log x by least squares, with its t-interval (n - 2 dof).

    Points may share an x (one per seed); with fewer than two distinct x there is no slope.
    """
    lx, ly = np.log(np.asarray(x, dtype=np.float64)), np.log(np.asarray(y, dtype=np.float64))
    n = len(lx)
    if len(np.unique(lx)) < 2:
        return Interval(math.nan, math.nan, math.nan, n)
    if n < 3:
        slope = float(np.polyfit(lx, ly, 1)[0]) if n == 2 else math.nan
        return Interval(slope, math.nan, math.nan, n)
    fit = stats.linregress(lx, ly)
    half = stats.t.ppf(0.5 + level / 2, n - 2) * fit.stderr
    return Interval(float(fit.slope), fit.slope - half, fit.slope + half, n)
