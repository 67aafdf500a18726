"""Figure style and saving, shared by every study's figures.

seaborn (with SciPy's statistics, about a second to import) is imported where a figure is
made, so the table and aggregation jobs that import a study's modules do not pay for it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

from sgdlab.pipeline.statistics import line_statistics  # noqa: E402

LABELS = {
    "train_loss": "training loss (cross-entropy)",
    "train_accuracy": "training accuracy",
    "test_loss": "test loss (cross-entropy)",
    "test_accuracy": "test accuracy",
    "update": "number of SGD updates",
    "passes": "effective passes over the training data",
    "batch_size": "batch size B",
}
METRICS = ("train_loss", "train_accuracy", "test_loss", "test_accuracy")


def apply_style() -> None:
    """The project's figure style: seaborn's whitegrid theme with its colour-blind palette."""
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")


def new_figure(width: float = 6.4, height: float = 4.4) -> tuple[Figure, plt.Axes]:
    """A figure in the project's style (seaborn whitegrid, colour-blind palette)."""
    apply_style()
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def new_panels(
    count: int, width: float = 4.0, height: float = 4.2, sharey: bool = True
) -> tuple[Figure, list]:
    """A figure of ``count`` side-by-side panels (sharing the y axis unless told not to)."""
    apply_style()
    fig, axes = plt.subplots(
        1,
        count,
        figsize=(width * count, height),
        layout="constrained",
        sharey=sharey,
        squeeze=False,
    )
    return fig, list(axes[0])


def seed_lines(
    ax: plt.Axes, frame: pd.DataFrame, x: str, y: str, band: bool = True, **style: Any
) -> None:
    """Lines of ``y`` against ``x`` averaged over seeds, each with its 95% band.

    Every study draws its replicated curves this way, so every band follows one rule
    (``line_statistics``: losses as geometric means with a positive band, accuracies
    clipped to [0, 1]); ``band=False`` draws the mean alone (a single seed has no band).
    """
    import seaborn as sns

    statistics = line_statistics(y) if band else {"errorbar": None}
    sns.lineplot(data=frame, x=x, y=y, ax=ax, **statistics, **style)


def _plain(value: float, _: int) -> str:
    """Tick label without exponents: 0.05, 2, 500, 20k, 1M."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def log_axis(ax: plt.Axes, which: str, base: float = 10) -> None:
    """Log scale on ``which`` ("x" or "y") with plain tick labels (0.5, 1, 2, 20k)."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    (ax.set_xscale if which == "x" else ax.set_yscale)("log", base=base)
    if base == 10:
        low, high = ax.get_xlim() if which == "x" else ax.get_ylim()
        decades = math.log10(max(high, 1e-12) / max(low, 1e-12))
        subs = (1.0, 2.0, 5.0) if decades <= 3 else (1.0, 3.0) if decades <= 5 else (1.0,)
        axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(_plain))
    axis.set_minor_formatter(NullFormatter())


def title(ax: plt.Axes, text: str) -> None:
    """Axes title in a size that fits the figure width."""
    ax.set_title(text, fontsize=11)


def save(fig: Figure, png: Path, pdf: Path) -> None:
    """Save the figure as PNG (150 dpi) and PDF without a date (reruns are byte-equal); close it."""
    for path in (png, pdf):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=150)
    fig.savefig(pdf, metadata={"CreationDate": None})
    plt.close(fig)
