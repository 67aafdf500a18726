"""Replicate statistics shared by the studies: t-intervals, paired differences, log-log fits.

With a handful of seeds a bootstrap interval is too narrow; every interval here is the
Student-t interval of the mean (n - 1 degrees of freedom), and a slope's interval the
t-interval of the ordinary least-squares slope. A quantity with a range keeps its interval
inside it: accuracies are clipped to [0, 1] (``UNIT``), and losses, drawn on log axes, get
the t-interval of their logarithm (around their geometric mean), which is positive.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special


@dataclass(frozen=True)
class Interval:
    """Mean (or slope) with its two-sided confidence interval and the sample size n."""

    estimate: float
    low: float
    high: float
    n: int


UNIT = (0.0, 1.0)
UNBOUNDED = (-math.inf, math.inf)


def t_quantile(level: float, dof: int) -> float:
    """The Student-t quantile of a two-sided ``level`` interval with ``dof`` degrees of freedom.

    ``scipy.special.stdtrit`` is what ``scipy.stats.t.ppf`` computes (the same bits), without
    the 0.4 s import of ``scipy.stats`` that every table and aggregation job would pay.
    """
    return float(special.stdtrit(dof, 0.5 + level / 2))


def mean_interval(
    values: Sequence[float], level: float = 0.95, bounds: tuple[float, float] = UNBOUNDED
) -> Interval:
    """Mean of ``values`` and its t-interval clipped to ``bounds``; one value gives NaN bounds."""
    data = np.asarray(values, dtype=np.float64)
    n = len(data)
    mean = float(data.mean()) if n else math.nan
    if n < 2:
        return Interval(mean, math.nan, math.nan, n)
    half = t_quantile(level, n - 1) * data.std(ddof=1) / math.sqrt(n)
    return Interval(mean, max(mean - half, bounds[0]), min(mean + half, bounds[1]), n)


def bounds_of(metric: str) -> tuple[float, float]:
    """The range of a metric by its name: [0, 1] for accuracies and rates, else unbounded."""
    return UNIT if metric.endswith(("accuracy", "tie_rate")) else UNBOUNDED


def geometric_interval(values: Sequence[float], level: float = 0.95) -> Interval:
    """Geometric mean of positive ``values`` and the exponentiated t-interval of their logs."""
    logs = mean_interval(np.log(np.asarray(values, dtype=np.float64)), level)
    return Interval(math.exp(logs.estimate), math.exp(logs.low), math.exp(logs.high), logs.n)


def line_statistics(metric: str) -> dict[str, Any]:
    """The seaborn ``lineplot`` estimator and band for a metric: bounded or positive bands.

    Losses (log axes): the geometric mean and the t-interval of the log, positive by
    construction. Accuracies: the mean and its t-interval clipped to [0, 1]. Others: the
    mean and its t-interval.
    """
    if metric.endswith("loss"):
        return {
            "estimator": lambda v: geometric_interval(list(v)).estimate,
            "errorbar": _band(geometric_interval),
        }
    bounds = bounds_of(metric)
    return {"estimator": "mean", "errorbar": _band(lambda v: mean_interval(v, bounds=bounds))}


def _band(interval: Callable[[list[float]], Interval]) -> Callable[[Sequence[float]], tuple]:
    """A seaborn ``errorbar=`` callable returning (low, high) of ``interval``."""

    def band(values: Sequence[float]) -> tuple[float, float]:
        found = interval(list(values))
        return found.low, found.high

    return band


def paired_difference(
    first: Sequence[float], second: Sequence[float], level: float = 0.95
) -> Interval:
    """Mean of first - second over paired replicates (same seed), with its t-interval."""
    if len(first) != len(second):
        raise ValueError("paired samples need the same number of replicates")
    return mean_interval(np.asarray(first) - np.asarray(second), level)


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
    from scipy import stats  # 0.4 s to import; only the slope tables need it

    fit = stats.linregress(lx, ly)
    half = t_quantile(level, n - 2) * fit.stderr
    return Interval(float(fit.slope), fit.slope - half, fit.slope + half, n)
