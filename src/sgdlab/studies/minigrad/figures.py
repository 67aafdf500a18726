"""Figures of the minigrad study: cost of the two modes, and training curves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.plotting import log_axis, new_figure, save, title
from sgdlab.pipeline.statistics import t_errorbar

DATASET_TITLES = {"synthetic": "synthetic two-class set", "fashion": "FashionMNIST subsample"}


def plot_cost(measurements: pd.DataFrame, slopes: pd.DataFrame, png: Path, pdf: Path) -> None:
    """Time vs d and peak scratch memory vs T, log-log, each line labelled with its slope."""
    fig, _ = new_figure(11, 4.4)
    fig.clf()
    axes = fig.subplots(1, 2)
    fits = slopes.set_index(["measure", "mode"])["slope"]
    for ax, measure_name, x_name, y_label in (
        (axes[0], "time_s", "d", "wall time of the full gradient (s)"),
        (axes[1], "peak_bytes", "T", "peak scratch memory (bytes, tracemalloc)"),
    ):
        part = measurements[measurements["measure"] == measure_name]
        for mode, group in part.groupby("mode", sort=False):
            ax.plot(
                group[x_name],
                group["value"],
                marker="o",
                label=f"{mode} (slope {fits[(measure_name, mode)]:.2f})",
            )
        ax.set_xlabel("inputs d" if x_name == "d" else "operations T")
        ax.set_ylabel(y_label)
        log_axis(ax, "x", base=2)
        log_axis(ax, "y")
        ax.legend(fontsize=8)
    fixed_t = int(measurements.loc[measurements["measure"] == "time_s", "T"].iloc[0])
    fixed_d = int(measurements.loc[measurements["measure"] == "peak_bytes", "d"].iloc[0])
    title(axes[0], f"time against d (T = {fixed_t})")
    title(axes[1], f"memory against T (d = {fixed_d})")
    save(fig, png, pdf)


def plot_curves(
    metrics: pd.DataFrame, variants: list[str], png: Path, pdf: Path, heading: str
) -> None:
    """Validation accuracy vs epoch per dataset: mean over seeds with a 95% t-band.

    With three seeds the t-interval is wide (t = 4.3) and can pass 1; an accuracy cannot, so
    the band is clipped to [0, 1].
    """
    datasets = [d for d in DATASET_TITLES if d in set(metrics["dataset"])]
    fig, _ = new_figure(5.5 * len(datasets), 4.4)
    fig.clf()
    axes = fig.subplots(1, len(datasets), squeeze=False)
    for ax, dataset in zip(axes[0], datasets, strict=True):
        part = metrics[(metrics["dataset"] == dataset) & metrics["variant"].isin(variants)]
        for variant in variants:
            group = part[part["variant"] == variant]
            stats = group.groupby("epoch")["val_accuracy"]
            mean = stats.mean()
            (line,) = ax.plot(mean.index, mean.values, label=variant)
            if group["seed"].nunique() > 1:
                bands = stats.apply(lambda v: t_errorbar(list(v)))
                ax.fill_between(
                    mean.index,
                    [max(0.0, b[0]) for b in bands],
                    [min(1.0, b[1]) for b in bands],
                    color=line.get_color(),
                    alpha=0.12,
                )
        ax.set_xlabel("epoch")
        ax.set_ylabel("validation accuracy")
        title(ax, DATASET_TITLES[dataset])
        ax.legend(fontsize=8)
    fig.suptitle(heading, fontsize=12)
    save(fig, png, pdf)
