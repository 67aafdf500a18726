"""One figure per statement of problem 5 (004_3f409878d5cce0ab.txt).

Each figure function is named after its figure (sgdlab.studies.logreg.FIGURES) and takes
the run tables it is drawn from (FIGURE_SOURCES, in that order), the output paths and the
config keys it reads (FIGURE_SETTINGS).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import log_axis, new_figure, save, title

LAMBDA = "regularization strength λ (log axis)"


def _data(table: pd.DataFrame) -> str:
    """What data a run used, as its table records it (a class pair or the synthetic set)."""
    return str(table["data"].iloc[0])


def statement1_local_optima(tables: Sequence[pd.DataFrame], png: Path, pdf: Path) -> None:
    """Statement 1: every start's distance to the common solution against L-BFGS iteration."""
    summary, traces = tables
    data = _data(summary)
    fig, ax = new_figure()
    palette = dict(zip(summary["lambda"], sns.color_palette("viridis", len(summary)), strict=True))
    for (lam, _), run in traces.groupby(["lambda", "init"]):
        ax.plot(run["iteration"], run["distance"].clip(lower=1e-12), color=palette[lam], lw=1)
    for _, row in summary.iterrows():
        ax.plot(
            [],
            [],
            color=palette[row["lambda"]],
            label=f"λ = {row['lambda']:g}: max distance {row['max_pairwise_distance']:.1e}",
        )
    log_axis(ax, "y")
    ax.set_xlabel("L-BFGS iteration")
    ax.set_ylabel("distance to the mean solution ‖w − w̄‖")
    title(ax, f"Statement 1: {int(summary['inits'].iloc[0])} random starts, one optimum\n{data}")
    ax.legend(fontsize=8)
    save(fig, png, pdf)


def statement2_sparsity(
    tables: Sequence[pd.DataFrame], png: Path, pdf: Path, sparsity_threshold: float
) -> None:
    """Statement 2: fraction of near-zero weights along the path, l2 against l1."""
    path = tables[0]
    data = _data(path)
    fig, ax = new_figure()
    ax.plot(path["lambda"], path["small_fraction_l2"], "o-", label="ℓ2 penalty λ‖w‖²₂ (L-BFGS)")
    ax.plot(path["lambda"], path["small_fraction_l1"], "s--", label="ℓ1 penalty λ‖w‖₁ (liblinear)")
    log_axis(ax, "x")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(LAMBDA)
    ax.set_ylabel(f"fraction of weights with |w_i| ≤ {sparsity_threshold:g}·max|w|")
    title(ax, f"Statement 2: is the optimum sparse?\n{data}")
    ax.legend(fontsize=9)
    save(fig, png, pdf)


def statement3_unregularized(tables: Sequence[pd.DataFrame], png: Path, pdf: Path) -> None:
    """Statement 3: ||w|| (log-x, so log growth is a line) and training loss under GD, lam = 0."""
    (descent,) = tables
    data = _data(descent)
    frame = descent[descent["iteration"] > 0]
    fig, ax = new_figure()
    ax.plot(frame["iteration"], frame["weight_norm"], "o-", ms=3, color="C0", label="‖w‖ (left)")
    log_axis(ax, "x")
    ax.set_xlabel("gradient-descent iteration t (log axis)")
    ax.set_ylabel("weight norm ‖w_t‖", color="C0")
    loss = ax.twinx()
    loss.plot(
        frame["iteration"],
        frame["train_loss"],
        "s-",
        ms=3,
        color="C3",
        label="training loss −l(w) (right, log)",
    )
    log_axis(loss, "y")
    loss.set_ylabel("training loss −l(w_t)", color="C3")
    loss.grid(False)
    lines = ax.get_lines() + loss.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], fontsize=9, loc="center left")
    title(ax, f"Statement 3: λ = 0, separable data\n{data}")
    save(fig, png, pdf)


def _log_likelihood(path: pd.DataFrame, split: str, png: Path, pdf: Path) -> None:
    """Statements 4 and 5: training or test log-likelihood per example at the optimum vs lam."""
    data = _data(path)
    per_example = path[f"{split}_log_likelihood"] / path[f"n_{split}"]
    fig, ax = new_figure()
    ax.plot(path["lambda"], per_example, "o-", label=f"{split} l(ŵ_λ) / n")
    best = per_example.idxmax()
    ax.plot(
        path["lambda"][best],
        per_example[best],
        "k*",
        ms=14,
        label=f"maximum, λ = {path['lambda'][best]:g}",
    )
    log_axis(ax, "x")
    ax.set_xlabel(LAMBDA)
    ax.set_ylabel(f"{split} log-likelihood per example")
    statement = 4 if split == "train" else 5
    title(ax, f"Statement {statement}: {split} log-likelihood at the optimum\n{data}")
    ax.legend(fontsize=9)
    save(fig, png, pdf)


def statement4_train_likelihood(tables: Sequence[pd.DataFrame], png: Path, pdf: Path) -> None:
    """Statement 4: the training log-likelihood at the optimum falls as lam grows."""
    _log_likelihood(tables[0], "train", png, pdf)


def statement5_test_likelihood(tables: Sequence[pd.DataFrame], png: Path, pdf: Path) -> None:
    """Statement 5: the test log-likelihood at the optimum, its maximum marked."""
    _log_likelihood(tables[0], "test", png, pdf)


PLOTS: dict[str, Callable[..., None]] = {
    plot.__name__: plot
    for plot in (
        statement1_local_optima,
        statement2_sparsity,
        statement3_unregularized,
        statement4_train_likelihood,
        statement5_test_likelihood,
    )
}
