"""Panels every autodiff figure is drawn on, and the panel pair of one function as two programs."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch

from sgdlab.pipeline.plotting import apply_style
from sgdlab.studies.autodiff import programs

FIRST, SECOND, SPECIAL = "#0072B2", "#D55E00", "#CC79A7"


def new_panels(columns: int, rows: int = 1, title: str = "") -> tuple[plt.Figure, np.ndarray]:
    """A figure of rows x columns panels in the project's style, with a title."""
    apply_style()
    fig, axes = plt.subplots(
        rows, columns, figsize=(5.2 * columns, 3.9 * rows), layout="constrained", squeeze=False
    )
    fig.suptitle(title, fontsize=12)
    return fig, axes


def to_numpy(values: torch.Tensor) -> np.ndarray:
    """A tensor's values as a NumPy array, for matplotlib."""
    return values.detach().numpy()


def mark_derivative(ax: plt.Axes, x: float, value: float, color: str, label: str) -> None:
    """Mark PyTorch's derivative at a special point; off-scale values get an arrow at the edge."""
    low, high = ax.get_ylim()
    if low <= value <= high:
        ax.plot([x], [value], "o", ms=9, color=color, zorder=5, label=f"{label}: {value:g}")
        return
    edge = low if value < low else high
    inside = edge + 0.18 * (high - low) * (1 if value < low else -1)
    ax.annotate(
        f"{label}: {value:g}\n(off scale)",
        xy=(x, edge),
        xytext=(x, inside),
        ha="center",
        color=color,
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": color},
    )
    ax.plot([], [], "o", color=color, label=f"{label}: {value:g} (arrow)")


Named = tuple[str, programs.Program]


def two_programs(
    axes: np.ndarray, grid: torch.Tensor, first: Named, second: Named, point: float, function: str
) -> None:
    """Values (identical) and PyTorch derivatives of one function written as two programs."""
    value_panel(axes[0], grid, first, second, point, function)
    slope_panel(axes[1], grid, first, second, point)


def value_panel(
    ax: plt.Axes, grid: torch.Tensor, first: Named, second: Named, point: float, function: str
) -> None:
    """The two programs' values on each side of ``point`` and at it: they coincide."""
    x = to_numpy(grid)
    for side, labelled in ((grid < point, True), (grid > point, False)):
        ax.plot(
            x[to_numpy(side)],
            to_numpy(first[1](grid[side])),
            color=FIRST,
            lw=3,
            alpha=0.6,
            label=first[0] if labelled else None,
        )
        ax.plot(
            x[to_numpy(side)],
            to_numpy(second[1](grid[side])),
            "--",
            color=SECOND,
            lw=1.5,
            label=second[0] if labelled else None,
        )
    at_point = torch.tensor([point], dtype=torch.float64)
    ax.plot([point], to_numpy(first[1](at_point)), "o", color=FIRST, ms=8, alpha=0.6)
    ax.plot(
        [point],
        to_numpy(second[1](at_point)),
        "x",
        color=SECOND,
        ms=8,
        label=f"both at x = {point:g}",
    )
    ax.set_xlabel("x")
    ax.set_ylabel(function)
    ax.set_title("values: the two programs coincide", fontsize=10)
    ax.legend(fontsize=8)


def slope_panel(
    ax: plt.Axes, grid: torch.Tensor, first: Named, second: Named, point: float
) -> None:
    """The two programs' PyTorch derivatives: equal away from ``point``, marked at it."""
    x, away = to_numpy(grid), grid != point
    slopes = []
    for (label, program), color, style in ((first, FIRST, "-"), (second, SECOND, "--")):
        slope = programs.pytorch_derivative(program, grid)[away]
        ax.plot(x[to_numpy(away)], to_numpy(slope), style, color=color, lw=1.5, label=label)
        slopes.append(to_numpy(slope))
    at_point = torch.tensor([point], dtype=torch.float64)
    specials = [float(programs.pytorch_derivative(p, at_point)[0]) for _, p in (first, second)]
    low, high = float(np.min(slopes)), float(np.max(slopes))
    scale = max(abs(low), abs(high), 1.0)
    for value in specials:
        if abs(value) <= 10 * scale:
            low, high = min(low, value), max(high, value)
    pad = 0.1 * (high - low) if high > low else 1.0
    ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel("x")
    ax.set_ylabel("derivative returned by PyTorch")
    ax.set_title(f"derivatives: they differ only at x = {point:g}", fontsize=10)
    # The marks take their program's colour; their labels name the point, not the program.
    for color, value in zip((FIRST, SECOND), specials, strict=True):
        mark_derivative(ax, point, value, color, f"derivative at x = {point:g}")
    ax.axvline(point, color="0.6", lw=0.8, ls=":")
    ax.legend(fontsize=7, loc="best")


def formulas_under_pytorch(
    axes: np.ndarray,
    fine: np.ndarray,
    formulas: tuple[object, object],
    points: torch.Tensor,
    program: programs.Program,
    panels: tuple[tuple[str, str, str], tuple[str, str, str]],
    **marker: float,
) -> None:
    """Left the function, right its derivative: each formula (grey line) under PyTorch's points.

    ``formulas`` are the function's and the derivative's values on ``fine``; ``panels`` give
    each panel's (y label, formula legend, PyTorch legend); ``marker`` styles the points. The
    caller adds the legends, after any marks of its own.
    """
    pytorch = (program(points), programs.pytorch_derivative(program, points))
    for ax, formula, values, (ylabel, formula_label, pytorch_label), color in zip(
        axes, formulas, pytorch, panels, (FIRST, SECOND), strict=True
    ):
        ax.plot(fine, formula, color="0.6", label=formula_label)
        ax.plot(to_numpy(points), to_numpy(values), "o", color=color, label=pytorch_label, **marker)
        ax.set_xlabel("x")
        ax.set_ylabel(ylabel)
