"""Figure style and saving, shared by every study's figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

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


def new_figure(width: float = 6.4, height: float = 4.4) -> tuple[Figure, plt.Axes]:
    """A figure in the project's style (seaborn whitegrid, colour-blind palette)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def save(fig: Figure, png: Path, pdf: Path) -> None:
    """Save the figure as PNG (150 dpi) and PDF, then close it."""
    for path in (png, pdf):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=150)
    fig.savefig(pdf)
    plt.close(fig)
