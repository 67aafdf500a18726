"""Figures of the autodiff study: each function beside the derivative PyTorch returns for it.

This module holds 001 section 1.2, 002 parts 1-2 and the step-training figure of 000
section 1.4, and the name -> function table of every figure drawn from the settings; the
edge cases of 000 section 1 and 004 problem 4 are in ``edge_case_figures``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from sgdlab.pipeline.plotting import save
from sgdlab.studies.autodiff import closed_forms, programs
from sgdlab.studies.autodiff.edge_case_figures import (
    halving_loop,
    jump_discontinuity,
    sign_two_ways,
    square_two_ways,
    step_function,
)
from sgdlab.studies.autodiff.panels import (
    FIRST,
    SECOND,
    SPECIAL,
    formulas_under_pytorch,
    new_panels,
    to_numpy,
)
from sgdlab.studies.autodiff.settings import FigureSettings


def step_training(metrics: pd.DataFrame, classes: tuple[int, int], png: Path, pdf: Path) -> None:
    """000 section 1.4: accuracy and weight change of SGD through phi vs the logistic loss."""
    fig, axes = new_panels(2, title=f"000 §1.4: SGD on a linear classifier, classes {classes}")
    names = {"step": "0/1 loss through φ", "logistic": "logistic loss"}
    for kind, color in (("step", SECOND), ("logistic", FIRST)):
        run = metrics[metrics["loss"] == kind]
        axes[0, 0].plot(run["update"], run["train_accuracy"], color=color, label=names[kind])
        axes[0, 1].plot(run["update"], run["max_weight_change"], color=color, label=names[kind])
    axes[0, 0].set_ylabel("training accuracy")
    axes[0, 0].set_title("the φ-trained model stays at its initial accuracy", fontsize=10)
    axes[0, 1].set_ylabel("max |w - w0| (largest weight change)")
    axes[0, 1].set_title("its weights never move: every gradient is 0", fontsize=10)
    for ax in axes[0]:
        ax.set_xlabel("number of SGD updates")
        ax.legend(fontsize=8)
    save(fig, png, pdf)


def sigmoid(s: FigureSettings, png: Path, pdf: Path) -> None:
    """001 section 1.2: sigmoid on arange(low, high) and its derivative by the sum trick."""
    low, high = s.sigmoid_range
    points = torch.arange(low, high, dtype=torch.float64)
    fine = np.linspace(low, high, 400)
    exact = 1 / (1 + np.exp(-fine))
    fig, axes = new_panels(2, title=f"001 §1.2: sigmoid on torch.arange({low:g}, {high:g})")
    panels = (
        ("σ(x)", "closed form", "PyTorch, arange points"),
        ("σ'(x)", "closed form σ(1 - σ)", "PyTorch: grad of σ(x).sum()"),
    )
    formulas = (exact, exact * (1 - exact))
    formulas_under_pytorch(axes[0], fine, formulas, points, programs.sigmoid, panels)
    for ax in axes[0]:
        ax.legend(fontsize=8)
    save(fig, png, pdf)


def chain_rule(s: FigureSettings, png: Path, pdf: Path) -> None:
    """002 part 1: f and f' over a range, autograd against the chain-rule formula."""
    low, high = s.midterm_range
    x0 = s.midterm_point
    grid = programs.grid(low, high, 41, x0)
    fine = np.linspace(low, high, 400)
    fig, axes = new_panels(
        2, title="002 part 1: f(x) = √(2 + x³ + log(1 + x³)) + sin(2 + x³ + log(1 + x³))"
    )
    formulas = (
        [closed_forms.midterm_value(v) for v in fine],
        [closed_forms.midterm_derivative(v) for v in fine],
    )
    panels = (
        ("f(x)", "formula", "PyTorch"),
        ("f'(x)", "chain rule (part 1 A)", "PyTorch autograd"),
    )
    formulas_under_pytorch(axes[0], fine, formulas, grid, programs.midterm_function, panels, ms=4)
    value = closed_forms.midterm_value(x0)
    slope = closed_forms.midterm_derivative(x0)
    for ax, y, name in ((axes[0, 0], value, "f"), (axes[0, 1], slope, "f'")):
        ax.plot([x0], [y], "D", color=SPECIAL, ms=8, label=f"{name}({x0:g}) = {y:.4f}")
        ax.legend(fontsize=8)
    save(fig, png, pdf)


def soft_threshold(s: FigureSettings, png: Path, pdf: Path) -> None:
    """002 part 2: f_T and PyTorch's derivative on linear axes, the whole range and around ±T.

    Top row f_T, bottom row its derivative; left the plotted range, right a zoom on
    [-T - 1.5, T + 1.5], where the flat middle meets the two arms with slope 0. Each
    closed form (grey) lies under PyTorch's values.
    """
    t = s.soft_threshold
    low, high = s.soft_threshold_range
    zoom = (max(low, -t - 1.5), min(high, t + 1.5))

    def program(y: torch.Tensor) -> torch.Tensor:
        return programs.soft_threshold(y, t)

    def closed(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        value = np.where(y > t, (y - t) ** 2, np.where(y < -t, (y + t) ** 3, 0.0))
        slope = np.where(y > t, 2 * (y - t), np.where(y < -t, 3 * (y + t) ** 2, 0.0))
        return value, slope

    fig, axes = new_panels(2, rows=2, title=f"002 part 2: soft-threshold f_T, T = {t:g}")
    labels = (
        ("f_T(y)", "closed form: (y - T)², 0, (y + T)³", "PyTorch f_T(y)"),
        ("f_T'(y)", "closed form: 2(y - T), 0, 3(y + T)²", "PyTorch derivative (0 inside [-T, T])"),
    )
    for column, (left, right) in enumerate(((low, high), zoom)):
        grid = programs.grid(left, right, s.grid_points, -t, t)
        fine = np.linspace(left, right, 800)
        pytorch = (program(grid), programs.pytorch_derivative(program, grid))
        for row, (ylabel, formula, measured) in enumerate(labels):
            ax = axes[row, column]
            ax.plot(fine, closed(fine)[row], color="0.7", lw=4, label=formula)
            ax.plot(
                to_numpy(grid),
                to_numpy(pytorch[row]),
                color=(FIRST, SECOND)[row],
                lw=1.3,
                label=measured,
            )
            ax.plot([-t, t], [0, 0], "D", color=SPECIAL, ms=6, label="±T")
            ax.set_xlabel("y")
            ax.set_ylabel(ylabel)
        ends = closed(np.array([left, right]))[0]
        axes[0, column].set_title(
            f"y in [{left:g}, {right:g}]: f_T({left:g}) = {ends[0]:.4g}, "
            f"f_T({right:g}) = {ends[1]:.4g}",
            fontsize=10,
        )
        axes[1, column].set_title("derivative: continuous, 0 at ±T", fontsize=10)
    # Each legend where its panel has no curve: f_T over the whole range fills the top.
    places = ("lower right", "upper center", "upper center", "upper center")
    for ax, where in zip(axes.flat, places, strict=True):
        ax.legend(fontsize=7, loc=where)
    save(fig, png, pdf)


# Every figure of FUNCTION_FIGURES (sgdlab.studies.autodiff) is drawn by the function of its
# name, from the settings alone; step_training needs the training metrics.
FUNCTION_PLOTS: dict[str, Callable[[FigureSettings, Path, Path], None]] = {
    plot.__name__: plot
    for plot in (
        jump_discontinuity,
        square_two_ways,
        halving_loop,
        step_function,
        sigmoid,
        chain_rule,
        soft_threshold,
        sign_two_ways,
    )
}
