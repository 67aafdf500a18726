"""Figures of the autodiff study: each function beside the derivative PyTorch returns for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
import torch

from sgdlab.pipeline.plotting import save
from sgdlab.studies.autodiff import closed_forms, programs
from sgdlab.studies.autodiff.settings import AutodiffSettings

FIRST, SECOND, SPECIAL = "#0072B2", "#D55E00", "#CC79A7"


def _panels(columns: int, rows: int = 1, title: str = "") -> tuple[plt.Figure, np.ndarray]:
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    fig, axes = plt.subplots(
        rows, columns, figsize=(5.2 * columns, 3.9 * rows), layout="constrained", squeeze=False
    )
    fig.suptitle(title, fontsize=12)
    return fig, axes


def _np(values: torch.Tensor) -> np.ndarray:
    return values.detach().numpy()


def _mark_derivative(ax: plt.Axes, x: float, value: float, color: str, label: str) -> None:
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


def _two_programs(
    axes: np.ndarray,
    grid: torch.Tensor,
    first: tuple[str, programs.Program],
    second: tuple[str, programs.Program],
    point: float,
    function: str,
) -> None:
    """Values (identical) and PyTorch derivatives of one function written as two programs."""
    x = _np(grid)
    value_ax, slope_ax = axes
    for side, labelled in ((grid < point, True), (grid > point, False)):
        value_ax.plot(
            x[_np(side)],
            _np(first[1](grid[side])),
            color=FIRST,
            lw=3,
            alpha=0.6,
            label=first[0] if labelled else None,
        )
        value_ax.plot(
            x[_np(side)],
            _np(second[1](grid[side])),
            "--",
            color=SECOND,
            lw=1.5,
            label=second[0] if labelled else None,
        )
    at_point = torch.tensor([point], dtype=torch.float64)
    value_ax.plot([point], _np(first[1](at_point)), "o", color=FIRST, ms=8, alpha=0.6)
    value_ax.plot(
        [point], _np(second[1](at_point)), "x", color=SECOND, ms=8, label=f"both at x = {point:g}"
    )
    value_ax.set_xlabel("x")
    value_ax.set_ylabel(function)
    value_ax.set_title("values: the two programs coincide", fontsize=10)
    value_ax.legend(fontsize=8)
    away = grid != point
    slopes = []
    for (label, program), color, style in ((first, FIRST, "-"), (second, SECOND, "--")):
        slope = programs.pytorch_derivative(program, grid)[away]
        slope_ax.plot(x[_np(away)], _np(slope), style, color=color, lw=1.5, label=label)
        slopes.append(_np(slope))
    specials = [float(programs.pytorch_derivative(p, at_point)[0]) for _, p in (first, second)]
    low, high = float(np.min(slopes)), float(np.max(slopes))
    scale = max(abs(low), abs(high), 1.0)
    for value in specials:
        if abs(value) <= 10 * scale:
            low, high = min(low, value), max(high, value)
    pad = 0.1 * (high - low) if high > low else 1.0
    slope_ax.set_ylim(low - pad, high + pad)
    slope_ax.set_xlabel("x")
    slope_ax.set_ylabel("derivative returned by PyTorch")
    slope_ax.set_title(f"derivatives: they differ only at x = {point:g}", fontsize=10)
    for (label, _), color, value in zip((first, second), (FIRST, SECOND), specials, strict=True):
        _mark_derivative(slope_ax, point, value, color, f"{label.split(':')[0]} at {point:g}")
    slope_ax.axvline(point, color="0.6", lw=0.8, ls=":")
    slope_ax.legend(fontsize=7, loc="best")


def jump_discontinuity(s: AutodiffSettings, png: Path, pdf: Path) -> None:
    """000 section 1.1: f with a jump at x̂, continuous from the left, and its two derivatives."""
    x_hat = s.jump_point
    grid = programs.grid(x_hat - 2, x_hat + 2, s.grid_points, x_hat)
    two = programs.jump_two_branches(x_hat)
    three = programs.jump_three_branches(x_hat, s.jump_derivative)
    fig, axes = _panels(3, title=f"000 §1.1: f(x) = (x - x̂)² + [x > x̂], jump at x̂ = {x_hat:g}")
    ax = axes[0, 0]
    left, right = grid <= x_hat, grid > x_hat
    ax.plot(_np(grid[left]), _np(two(grid[left])), color="k")
    ax.plot(_np(grid[right]), _np(two(grid[right])), color="k")
    ax.plot([x_hat], [0.0], "o", color="k", ms=8, label="f(x̂) = 0: continuous from the left")
    ax.plot([x_hat], [1.0], "o", mfc="white", mec="k", ms=8, label="limit from the right: 1")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title("the mathematical function", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    _two_programs(
        axes[0, 1:],
        grid,
        ("two branches: x <= x̂, x > x̂", two),
        (f"three branches: x == x̂ returns {s.jump_derivative:g}(x - x̂)", three),
        x_hat,
        "f(x) as computed",
    )
    save(fig, png, pdf)


def square_two_ways(s: AutodiffSettings, png: Path, pdf: Path) -> None:
    """000 section 1.2: x² as x*x and with a branch at 0; derivatives 0 and 897 at 0."""
    grid = programs.grid(-2, 2, s.grid_points, 0.0)
    fig, axes = _panels(2, title="000 §1.2: g(x) = x², differentiable everywhere, written twice")
    _two_programs(
        axes[0],
        grid,
        ("x * x", programs.square),
        (
            f"branch x == 0 returns {s.square_derivative:g}x",
            programs.square_with_branch(s.square_derivative),
        ),
        0.0,
        "g(x)",
    )
    save(fig, png, pdf)


def halving_loop(s: AutodiffSettings, png: Path, pdf: Path) -> None:
    """000 section 1.3: the halving loop, its closed form psi and the staircase derivative."""
    t = s.halving_threshold
    grid = programs.halving_grid(t, s.grid_points)
    strict, inclusive = programs.halving_loop(t, False), programs.halving_loop(t, True)
    x = _np(grid)
    fig, axes = _panels(2, title=f"000 §1.3: halve x until |x| < {t:g}, on [-1, 1]")
    ax = axes[0, 0]
    closed = np.array([closed_forms.psi(v, t, False) for v in x])
    ax.plot(x, closed / t, "o", ms=4, color="0.75", label="closed form ψ(x) = x 2^-n(x)")
    ax.plot(x, _np(strict(grid)) / t, ".", ms=1.5, color=FIRST, label="the loop (PyTorch)")
    ax.set_ylabel(f"ψ(x) / {t:g}")
    ax.set_title("value: a sawtooth that jumps at every ±t 2^k", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    ax = axes[0, 1]
    styles = ((strict, FIRST, "-", "|x| < t"), (inclusive, SECOND, "--", "|x| <= t"))
    for program, color, style, label in styles:
        ax.step(
            x,
            _np(programs.pytorch_derivative(program, grid)),
            style,
            where="mid",
            color=color,
            lw=1.2,
            label=f"PyTorch derivative, stop at {label}",
        )
    ax.set_yscale("log", base=2)
    ax.set_ylabel("derivative returned by PyTorch")
    ax.set_title("derivative 2^-n(x): a staircase", fontsize=10)
    x_hat = s.halving_point
    for v in (x_hat, -x_hat):
        ax.axvline(v, color=SPECIAL, lw=1, ls=":")
    below = closed_forms.psi_derivative(x_hat, t, False)
    above = closed_forms.psi_derivative(x_hat, t, True)
    ax.plot(
        [x_hat, x_hat],
        [below, above],
        "D",
        color=SPECIAL,
        label=f"x̂ = {x_hat:g}: 2^{np.log2(below):.0f} (<) vs 2^{np.log2(above):.0f} (<=)",
    )
    ax.legend(fontsize=7, loc="lower center")
    ticks = [-1.0, -1e-3, -t, 0.0, t, 1e-3, 1.0]
    for ax in axes[0]:
        ax.set_xscale("symlog", linthresh=t / 10)
        ax.set_xticks(ticks, [f"{v:g}" for v in ticks])
        ax.set_xlabel("x (symmetric log axis)")
    save(fig, png, pdf)


def step_function(s: AutodiffSettings, png: Path, pdf: Path) -> None:
    """000 section 1.4: phi and the derivative PyTorch returns for it (0 everywhere)."""
    grid = programs.grid(-2, 2, s.grid_points, 0.0)
    fig, axes = _panels(2, title="000 §1.4: the step function φ(x) = [x >= 0]")
    ax = axes[0, 0]
    for side in (grid < 0, grid >= 0):
        ax.plot(_np(grid[side]), _np(programs.step(grid[side])), color="k")
    ax.plot([0], [1], "o", color="k", ms=8, label="φ(0) = 1: continuous from the right")
    ax.plot([0], [0], "o", mfc="white", mec="k", ms=8, label="limit from the left: 0")
    ax.set_xlabel("x")
    ax.set_ylabel("φ(x)")
    ax.set_title("not continuous at 0; differentiable everywhere else", fontsize=10)
    ax.legend(fontsize=8, loc="center left")
    ax = axes[0, 1]
    ax.plot(
        _np(grid),
        _np(programs.pytorch_derivative(programs.step, grid)),
        color=FIRST,
        lw=2,
        label="torch.where(x >= 0, 1 + 0x, 0x)",
    )
    ax.plot(
        _np(grid),
        _np(programs.pytorch_derivative(programs.step_by_comparison, grid)),
        "--",
        color=SECOND,
        label="(x >= 0).double(): no graph, None read as 0",
    )
    ax.set_ylim(-1, 1)
    ax.set_xlabel("x")
    ax.set_ylabel("derivative returned by PyTorch")
    ax.set_title("zero everywhere: no signal for SGD", fontsize=10)
    ax.legend(fontsize=8)
    save(fig, png, pdf)


def step_training(metrics: pd.DataFrame, classes: tuple[int, int], png: Path, pdf: Path) -> None:
    """000 section 1.4: accuracy and weight change of SGD through phi vs the logistic loss."""
    fig, axes = _panels(2, title=f"000 §1.4: SGD on a linear classifier, classes {classes}")
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


def sigmoid(s: AutodiffSettings, png: Path, pdf: Path) -> None:
    """001 section 1.2: sigmoid on arange(low, high) and its derivative by the sum trick."""
    low, high = s.sigmoid_range
    points = torch.arange(low, high, dtype=torch.float64)
    fine = np.linspace(low, high, 400)
    exact = 1 / (1 + np.exp(-fine))
    fig, axes = _panels(2, title=f"001 §1.2: sigmoid on torch.arange({low:g}, {high:g})")
    axes[0, 0].plot(fine, exact, color="0.6", label="closed form")
    axes[0, 0].plot(
        _np(points), _np(programs.sigmoid(points)), "o", color=FIRST, label="PyTorch, arange points"
    )
    axes[0, 0].set_ylabel("σ(x)")
    axes[0, 1].plot(fine, exact * (1 - exact), color="0.6", label="closed form σ(1 - σ)")
    axes[0, 1].plot(
        _np(points),
        _np(programs.pytorch_derivative(programs.sigmoid, points)),
        "o",
        color=SECOND,
        label="PyTorch: grad of σ(x).sum()",
    )
    axes[0, 1].set_ylabel("σ'(x)")
    for ax in axes[0]:
        ax.set_xlabel("x")
        ax.legend(fontsize=8)
    save(fig, png, pdf)


def chain_rule(s: AutodiffSettings, png: Path, pdf: Path) -> None:
    """002 part 1: f and f' over a range, autograd against the chain-rule formula."""
    low, high = s.midterm_range
    x0 = s.midterm_point
    grid = programs.grid(low, high, 41, x0)
    fine = np.linspace(low, high, 400)
    fig, axes = _panels(
        2, title="002 part 1: f(x) = √(2 + x³ + log(1 + x³)) + sin(2 + x³ + log(1 + x³))"
    )
    axes[0, 0].plot(
        fine, [closed_forms.midterm_value(v) for v in fine], color="0.6", label="formula"
    )
    axes[0, 0].plot(
        _np(grid), _np(programs.midterm_function(grid)), "o", ms=4, color=FIRST, label="PyTorch"
    )
    axes[0, 0].set_ylabel("f(x)")
    axes[0, 1].plot(
        fine,
        [closed_forms.midterm_derivative(v) for v in fine],
        color="0.6",
        label="chain rule (part 1 A)",
    )
    axes[0, 1].plot(
        _np(grid),
        _np(programs.pytorch_derivative(programs.midterm_function, grid)),
        "o",
        ms=4,
        color=SECOND,
        label="PyTorch autograd",
    )
    axes[0, 1].set_ylabel("f'(x)")
    value = closed_forms.midterm_value(x0)
    slope = closed_forms.midterm_derivative(x0)
    for ax, y, name in ((axes[0, 0], value, "f"), (axes[0, 1], slope, "f'")):
        ax.plot([x0], [y], "D", color=SPECIAL, ms=8, label=f"{name}({x0:g}) = {y:.4f}")
        ax.set_xlabel("x")
        ax.legend(fontsize=8)
    save(fig, png, pdf)


def soft_threshold(s: AutodiffSettings, png: Path, pdf: Path) -> None:
    """002 part 2: the soft-threshold f_T and PyTorch's derivative, ±T marked."""
    t = s.soft_threshold
    low, high = s.soft_threshold_range
    grid = programs.grid(low, high, s.grid_points, -t, t)

    def program(y: torch.Tensor) -> torch.Tensor:
        return programs.soft_threshold(y, t)

    fig, axes = _panels(2, title=f"002 part 2: soft-threshold f_T, T = {t:g}")
    axes[0, 0].plot(_np(grid), _np(program(grid)), color=FIRST, label="f_T(y)")
    axes[0, 0].set_yscale("symlog", linthresh=1.0)
    axes[0, 0].set_ylabel("f_T(y) (symmetric log axis)")
    axes[0, 1].plot(
        _np(grid),
        _np(programs.pytorch_derivative(program, grid)),
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


def sign_two_ways(s: AutodiffSettings, png: Path, pdf: Path) -> None:
    """004 problem 4: the discontinuous f and the line 2x, each written twice."""
    grid = programs.grid(-1.5, 1.5, s.grid_points, 0.0)
    fig, axes = _panels(
        2, rows=2, title="004 problem 4: the same function, two programs, two derivatives at 0"
    )
    _two_programs(
        axes[0],
        grid,
        ("(2x sign(x) + 1) sign(x)", programs.sign_factored),
        ("element-wise branches, 2x at 0", programs.sign_branches),
        0.0,
        "f(x): 2x - 1, 0, 2x + 1",
    )
    _two_programs(
        axes[1],
        grid,
        ("2x sign(x)²", programs.line_through_sign_squared),
        ("2x", programs.line),
        0.0,
        "2x (extra credit: differentiable)",
    )
    save(fig, png, pdf)


FIGURES: dict[str, Callable[[AutodiffSettings, Path, Path], None]] = {
    "jump_discontinuity": jump_discontinuity,
    "square_two_ways": square_two_ways,
    "halving_loop": halving_loop,
    "step_function": step_function,
    "sigmoid": sigmoid,
    "chain_rule": chain_rule,
    "soft_threshold": soft_threshold,
    "sign_two_ways": sign_two_ways,
}
