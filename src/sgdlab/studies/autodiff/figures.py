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
    """002 part 2: the soft-threshold f_T and PyTorch's derivative, ±T marked."""
    t = s.soft_threshold
    low, high = s.soft_threshold_range
    grid = programs.grid(low, high, s.grid_points, -t, t)

    def program(y: torch.Tensor) -> torch.Tensor:
        return programs.soft_threshold(y, t)

    fig, axes = new_panels(2, title=f"002 part 2: soft-threshold f_T, T = {t:g}")
    axes[0, 0].plot(to_numpy(grid), to_numpy(program(grid)), color=FIRST, label="f_T(y)")
    axes[0, 0].set_yscale("symlog", linthresh=1.0)
    axes[0, 0].set_ylabel("f_T(y) (symmetric log axis)")
    axes[0, 1].plot(
        to_numpy(grid),
        to_numpy(programs.pytorch_derivative(program, grid)),
        color=SECOND,
        label="PyTorch derivative (None counts as 0 only inside [-T, T])",
    )
    axes[0, 1].set_yscale("symlog", linthresh=1.0)
    axes[0, 1].set_ylabel("f_T'(y) (symmetric log axis)")
    for ax in axes[0]:
        ax.plot([-t, t], [0, 0], "D", color=SPECIAL, ms=7, label="±T")
        for v in (-t, t):
            ax.axvline(v, color=SPECIAL, lw=0.8, ls=":")
        ax.set_xlabel("y")
        ax.legend(fontsize=8, loc="upper left")
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
