"""000 section 1.3: the halving loop, the piecewise formula of psi, its jumps and x̂.

The loop (``programs``) and the formula (``closed_forms.halvings``, no loop) are compared
on the plotting grid and at every jump point t 2^k with its two floating-point neighbours;
the jumps are also found without the formula, from where the loop's derivative changes.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from sgdlab.studies.autodiff import closed_forms, programs
from sgdlab.studies.autodiff.answer import DOCUMENTS, Answer, derivative_at, float64
from sgdlab.studies.autodiff.settings import AnswerSettings

DOCUMENT = DOCUMENTS["000"]
PSI = "piecewise formula psi(x) = x 2^-n(x)"


def jump_neighbourhood(threshold: float) -> torch.Tensor:
    """Every ±t 2^k in [-1, 1] and the floats just below and above it."""
    jumps = np.array([threshold * 2.0**k for k in range(closed_forms.jump_points(threshold) // 2)])
    around = np.concatenate([np.nextafter(jumps, 0.0), jumps, np.nextafter(jumps, 2.0)])
    return float64(np.concatenate([-around, around]).tolist())


def formula_difference(threshold: float, points: torch.Tensor) -> float:
    """Largest |loop - formula| over values and derivatives, both stop tests, at ``points``."""
    largest = 0.0
    for inclusive in (False, True):
        loop = programs.halving_loop(threshold, inclusive)
        values, slopes = loop(points), programs.pytorch_derivative(loop, points)
        for i, x in enumerate(points.tolist()):
            largest = max(
                largest,
                abs(float(values[i]) - closed_forms.psi(x, threshold, inclusive)),
                abs(float(slopes[i]) - closed_forms.psi_derivative(x, threshold, inclusive)),
            )
    return largest


def jumps_found(threshold: float, points: int) -> int:
    """Jumps of psi in [-1, 1] found from the loop alone: where its derivative 2^-n changes.

    On a log-spaced grid of |x| from t/10 to 1 (no jump point put on it), neighbours whose
    derivatives differ straddle a jump; the grid is fine enough that n changes by one there.
    """
    magnitudes = torch.logspace(math.log10(threshold / 10), 0, points, dtype=torch.float64)
    loop, found = programs.halving_loop(threshold, False), 0
    for sign in (-1.0, 1.0):
        slopes = programs.pytorch_derivative(loop, sign * magnitudes)
        counts = torch.round(-torch.log2(slopes))
        steps = counts.diff()
        if not bool(((steps == 0) | (steps == 1)).all()):
            raise ValueError(f"the grid of {points} points skips a jump of psi")
        found += int(steps.sum())
    return found


def formula_answers(s: AnswerSettings) -> list[Answer]:
    """Psi as a formula checked against the loop, and the number of its jumps in [-1, 1]."""
    t = s.halving_threshold
    points = torch.cat([programs.halving_grid(t, s.grid_points), jump_neighbourhood(t)])
    return [
        Answer(
            "halving_formula",
            DOCUMENT,
            "1.3",
            "largest |loop - formula| of psi and psi', < and <=, on the grid and at every "
            "±t 2^k and its neighbours",
            formula_difference(t, points),
            0.0,
            f"{PSI}, n(x) = floor(log2(|x| / t)) + 1 (<) or ceil(log2(|x| / t)) (<=)",
            points_checked=len(points),
        ),
        Answer(
            "halving_jump_points",
            DOCUMENT,
            "1.3",
            f"jump points of psi in [-1, 1]: changes of the loop's derivative on a "
            f"{s.grid_points}-point log grid per sign",
            float(jumps_found(t, s.grid_points)),
            float(closed_forms.jump_points(t)),
            "closed form: ±t 2^k for k = 0 ... floor(log2(1 / t))",
            points_checked=2 * s.grid_points,
        ),
    ]


def x_hat_answers(s: AnswerSettings) -> list[Answer]:
    """The largest x̂ in [0, 1] where < and <= differ, and the loop's passes and psi there."""
    t, x_hat = s.halving_threshold, s.halving_point
    strict, inclusive = programs.halving_loop(t, False), programs.halving_loop(t, True)
    candidates = t * 2.0 ** torch.arange(0, 64, dtype=torch.float64)
    candidates = candidates[candidates <= 1.0]
    differ = programs.pytorch_derivative(strict, candidates) != programs.pytorch_derivative(
        inclusive, candidates
    )
    rows = [
        Answer(
            "halving_x_hat",
            DOCUMENT,
            "1.3",
            "largest x̂ in [0, 1] where < and <= give different derivatives",
            float(candidates[differ].max()),
            t * 2.0 ** closed_forms.octave(1.0, t),
            "closed form: x̂ = t 2^k, the largest with t 2^k <= 1",
        )
    ]
    for name, test, program in (("strict", "<", strict), ("inclusive", "<=", inclusive)):
        closed = name == "inclusive"
        _, passes = programs.halving_loop_scalar(float64(x_hat), t, closed)
        rows += [
            Answer(
                f"halving_count_{name}",
                DOCUMENT,
                "1.3",
                f"halvings the loop makes at x̂ with |x| {test} t (passes counted)",
                float(passes),
                float(closed_forms.halvings(x_hat, t, closed)),
                "formula n(x̂)",
                point=x_hat,
            ),
            Answer(
                f"halving_derivative_{name}",
                DOCUMENT,
                "1.3",
                f"derivative at x̂ with |x| {test} t",
                derivative_at(program, x_hat),
                closed_forms.psi_derivative(x_hat, t, closed),
                "formula psi'(x) = 2^-n(x)",
                point=x_hat,
            ),
            Answer(
                f"halving_psi_{name}",
                DOCUMENT,
                "1.3",
                f"psi(x̂) with |x| {test} t",
                float(program(float64(x_hat))),
                closed_forms.psi(x_hat, t, closed),
                PSI,
                point=x_hat,
            ),
        ]
    return rows


def halving_answers(s: AnswerSettings) -> list[Answer]:
    """000 section 1.3, in the order the bullets ask."""
    return [*formula_answers(s), *x_hat_answers(s)]
