"""Figures of 000 section 1 and 004 problem 4: one function as two programs, two derivatives."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sgdlab.pipeline.plotting import save
from sgdlab.studies.autodiff import closed_forms, programs
from sgdlab.studies.autodiff.panels import (
    FIRST,
    SECOND,
    SPECIAL,
    new_panels,
    to_numpy,
    two_programs,
)
from sgdlab.studies.autodiff.settings import FigureSettings


def jump_discontinuity(s: FigureSettings, png: Path, pdf: Path) -> None:
    """000 section 1.1: f with a jump at x̂, continuous from the left, and its two derivatives."""
    x_hat = s.jump_point
    grid = programs.grid(x_hat - 2, x_hat + 2, s.grid_points, x_hat)
    two = programs.jump_two_branches(x_hat)
    three = programs.jump_three_branches(x_hat, s.jump_derivative)
    fig, axes = new_panels(3, title=f"000 §1.1: f(x) = (x - x̂)² + [x > x̂], jump at x̂ = {x_hat:g}")
    ax = axes[0, 0]
    left, right = grid <= x_hat, grid > x_hat
    ax.plot(to_numpy(grid[left]), to_numpy(two(grid[left])), color="k")
    ax.plot(to_numpy(grid[right]), to_numpy(two(grid[right])), color="k")
    ax.plot([x_hat], [0.0], "o", color="k", ms=8, label="f(x̂) = 0: continuous from the left")
    ax.plot([x_hat], [1.0], "o", mfc="white", mec="k", ms=8, label="limit from the right: 1")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title("the mathematical function", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    two_programs(
        axes[0, 1:],
        grid,
        ("two branches: x <= x̂, x > x̂", two),
        (f"three branches: x == x̂ returns {s.jump_derivative:g}(x - x̂)", three),
        x_hat,
        "f(x) as computed",
    )
    save(fig, png, pdf)


def square_two_ways(s: FigureSettings, png: Path, pdf: Path) -> None:
    """000 section 1.2: x² as x*x and with a branch at 0; derivatives 0 and 897 at 0."""
    grid = programs.grid(-2, 2, s.grid_points, 0.0)
    fig, axes = new_panels(2, title="000 §1.2: g(x) = x², differentiable everywhere, written twice")
    two_programs(
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


def halving_loop(s: FigureSettings, png: Path, pdf: Path) -> None:
    """000 section 1.3: the halving loop, its closed form psi and the staircase derivative."""
    t = s.halving_threshold
    grid = programs.halving_grid(t, s.grid_points)
    strict, inclusive = programs.halving_loop(t, False), programs.halving_loop(t, True)
    x = to_numpy(grid)
    fig, axes = new_panels(2, title=f"000 §1.3: halve x until |x| < {t:g}, on [-1, 1]")
    ax = axes[0, 0]
    closed = np.array([closed_forms.psi(v, t, False) for v in x])
    ax.plot(x, closed / t, "o", ms=4, color="0.75", label="closed form ψ(x) = x 2^-n(x)")
    ax.plot(x, to_numpy(strict(grid)) / t, ".", ms=1.5, color=FIRST, label="the loop (PyTorch)")
    ax.set_ylabel(f"ψ(x) / {t:g}")
    ax.set_title("value: a sawtooth that jumps at every ±t 2^k", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    ax = axes[0, 1]
    styles = ((strict, FIRST, "-", "|x| < t"), (inclusive, SECOND, "--", "|x| <= t"))
    for program, color, style, label in styles:
        ax.step(
            x,
            to_numpy(programs.pytorch_derivative(program, grid)),
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


def step_function(s: FigureSettings, png: Path, pdf: Path) -> None:
    """000 section 1.4: phi and the derivative PyTorch returns for it (0 everywhere)."""
    grid = programs.grid(-2, 2, s.grid_points, 0.0)
    fig, axes = new_panels(2, title="000 §1.4: the step function φ(x) = [x >= 0]")
    ax = axes[0, 0]
    for side in (grid < 0, grid >= 0):
        ax.plot(to_numpy(grid[side]), to_numpy(programs.step(grid[side])), color="k")
    ax.plot([0], [1], "o", color="k", ms=8, label="φ(0) = 1: continuous from the right")
    ax.plot([0], [0], "o", mfc="white", mec="k", ms=8, label="limit from the left: 0")
    ax.set_xlabel("x")
    ax.set_ylabel("φ(x)")
    ax.set_title("not continuous at 0; differentiable everywhere else", fontsize=10)
    ax.legend(fontsize=8, loc="center left")
    ax = axes[0, 1]
    ax.plot(
        to_numpy(grid),
        to_numpy(programs.pytorch_derivative(programs.step, grid)),
        color=FIRST,
        lw=2,
        label="torch.where(x >= 0, 1 + 0x, 0x)",
    )
    ax.plot(
        to_numpy(grid),
        to_numpy(programs.pytorch_derivative(programs.step_by_comparison, grid)),
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


def sign_two_ways(s: FigureSettings, png: Path, pdf: Path) -> None:
    """004 problem 4: the discontinuous f and the line 2x, each written twice."""
    grid = programs.grid(-1.5, 1.5, s.grid_points, 0.0)
    fig, axes = new_panels(
        2, rows=2, title="004 problem 4: the same function, two programs, two derivatives at 0"
    )
    rows = (
        (
            ("(2x sign(x) + 1) sign(x)", programs.sign_factored),
            ("element-wise branches (2x where x = 0)", programs.sign_branches),
            "f(x): 2x - 1, 0, 2x + 1",
        ),
        (
            ("2x sign(x)²", programs.line_through_sign_squared),
            ("2x", programs.line),
            "2x (extra credit: differentiable)",
        ),
    )
    for row, (first, second, function) in zip(axes, rows, strict=True):
        two_programs(row, grid, first, second, 0.0, function)
    save(fig, png, pdf)
