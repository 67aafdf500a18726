"""Augmentation study figure: one metric against passes, one line per setting."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import LABELS, log_axis, new_figure, save, title
from sgdlab.pipeline.statistics import t_errorbar
from sgdlab.studies.augmentation.tables import SETTINGS


def plot_metric(settings: pd.DataFrame, metric: str, png: Path, pdf: Path) -> None:
    """One metric against effective passes, one line per setting (mean and 95% band).

    Settings that share a training run share their training curves and test loss, so
    their lines coincide; test-time settings are dashed so both stay visible. Test metrics
    exist only at the evaluation schedule's points, so each line joins the points it has.
    """
    fig, ax = new_figure()
    names = list(SETTINGS.values())
    sns.lineplot(
        data=settings.dropna(subset=[metric]),
        x="passes",
        y=metric,
        hue="setting",
        hue_order=names,
        style="setting",
        style_order=names,
        dashes={names[0]: "", names[1]: "", names[2]: (4, 2), names[3]: (4, 2)},
        errorbar=t_errorbar,
        ax=ax,
    )
    if metric.endswith("loss"):
        log_axis(ax, "y")
    ax.set_xlabel(LABELS["passes"])
    ax.set_ylabel(LABELS[metric])
    first = settings.iloc[0]
    setup = f"{first['model'].upper()}, B = {first['batch_size']}, lr {first['lr']:g}"
    title(ax, f"{setup}: {LABELS[metric].split(' (')[0]} (section 2)")
    ax.legend(fontsize=8)
    save(fig, png, pdf)
