"""Replicate statistics against values derived by hand and against SciPy's own routines."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sgdlab.pipeline.statistics import loglog_slope, mean_interval, paired_difference


def test_mean_interval_is_the_student_t_interval():
    values = [0.81, 0.84, 0.83, 0.86, 0.80]
    interval = mean_interval(values)
    low, high = stats.t.interval(0.95, 4, loc=np.mean(values), scale=stats.sem(values))
    assert math.isclose(interval.low, low) and math.isclose(interval.high, high)
    assert interval.n == 5 and interval.low < interval.estimate < interval.high


def test_one_value_has_no_interval():
    interval = mean_interval([0.5])
    assert interval.estimate == 0.5 and math.isnan(interval.low) and math.isnan(interval.high)


def test_paired_difference_removes_the_shared_seed_effect():
    seed_effect = np.array([0.0, 0.05, -0.04, 0.02])
    first, second = 0.80 + seed_effect + 0.01, 0.80 + seed_effect
    paired = paired_difference(first, second)
    unpaired = mean_interval(first)
    assert math.isclose(paired.estimate, 0.01)
    assert paired.high - paired.low < 1e-9 < unpaired.high - unpaired.low
    with pytest.raises(ValueError, match="same number"):
        paired_difference([1.0], [1.0, 2.0])


def test_loglog_slope_recovers_a_power_law_and_its_interval_covers_it():
    rng = np.random.default_rng(0)
    b = np.array([1, 2, 4, 8, 16, 32], dtype=float)
    y = 3e5 * b**-0.8 * np.exp(rng.normal(0, 0.05, b.size))
    slope = loglog_slope(b, y)
    assert slope.low < -0.8 < slope.high and abs(slope.estimate + 0.8) < 0.1
    exact = loglog_slope(b, 2 * b)
    assert math.isclose(exact.estimate, 1.0) and math.isclose(exact.low, 1.0)


def test_loglog_slope_of_seeds_at_one_batch_size_is_undefined_not_an_error():
    slope = loglog_slope([16, 16, 16], [100.0, 120.0, 90.0])
    assert math.isnan(slope.estimate) and slope.n == 3


def test_accuracy_intervals_stay_within_zero_and_one():
    from sgdlab.pipeline.statistics import UNIT, bounds_of, mean_interval

    wide = mean_interval([0.99, 0.70], bounds=UNIT)
    assert wide.high == 1.0 and 0.0 <= wide.low < wide.estimate
    assert bounds_of("test_accuracy") == UNIT and bounds_of("slope") == (-math.inf, math.inf)


def test_loss_band_is_the_exponentiated_interval_of_the_log_and_stays_positive():
    from sgdlab.pipeline.statistics import geometric_interval, line_statistics, mean_interval

    losses = [0.01, 2.0, 0.05]
    assert mean_interval(losses).low < 0 < geometric_interval(losses).low
    logs = mean_interval(np.log(losses))
    band = line_statistics("train_loss")["errorbar"](losses)
    assert band == pytest.approx((math.exp(logs.low), math.exp(logs.high)))
    assert line_statistics("train_loss")["estimator"](losses) == pytest.approx(
        math.exp(np.log(losses).mean())
    )


@pytest.mark.parametrize(
    ("metric", "values", "low", "high"),
    [("train_loss", [0.001, 0.002, 0.5], 0.0, math.inf), ("test_accuracy", [0.6, 0.99, 1.0], 0, 1)],
)
def test_drawn_seed_bands_stay_in_range(metric, values, low, high):
    """The bands every study draws (``seed_lines``): positive for losses, within [0, 1] else.

    The seeds' spread is wide enough that a plain t-band would leave the range (a loss
    band below 0, an accuracy band above 1), as the minibatch curves once did.
    """
    from sgdlab.pipeline.plotting import new_figure, seed_lines
    from sgdlab.pipeline.statistics import mean_interval

    plain = mean_interval(values)
    assert plain.low < low or plain.high > high
    frame = pd.DataFrame({"step": np.repeat([1, 2], len(values)), metric: values * 2})
    fig, ax = new_figure()
    seed_lines(ax, frame, "step", metric)
    (band,) = ax.collections
    drawn = np.concatenate([path.vertices[:, 1] for path in band.get_paths()])
    assert drawn.min() > low and drawn.max() <= high
    fig.clf()
