"""Augmentation study figure: one metric against passes, one line per setting.

Seeds of a run stop at different passes when they interpolate (the clean model between
about 36 and 84 passes on the full protocol); a mean over the seeds still running would
jump each time one stops. Every seed is therefore put on one grid of passes: a stopped
seed keeps its final value (carried forward), and between its own measurements a seed's
values are joined linearly, so that every point of a line averages every seed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes

from sgdlab.pipeline.plotting import LABELS, log_axis, new_figure, save, seed_lines, title
from sgdlab.studies.augmentation.tables import SETTINGS

# A tenth of the data's range above and below it: room for the band, no empty axis.
MARGIN = 0.1


def on_common_grid(settings: pd.DataFrame, metric: str) -> pd.DataFrame:
    """``metric`` of every (setting, seed) at every pass where any of them was measured.

    After a seed's last measurement (it stopped at interpolation) its final value is
    carried forward; between two of its measurements its value is interpolated linearly
    in passes.
    """
    frame = settings.dropna(subset=[metric])
    grid = sorted(frame["passes"].unique())
    pieces = []
    for (setting, seed), run in frame.groupby(["setting", "seed"], sort=False):
        values = run.set_index("passes")[metric]
        series = values.reindex(grid).interpolate(method="index", limit_area="inside").ffill()
        pieces.append(
            pd.DataFrame(
                {
                    "setting": setting,
                    "seed": seed,
                    "passes": grid,
                    metric: series.to_numpy(),
                }
            )
        )
    return pd.concat(pieces, ignore_index=True).dropna(subset=[metric])


def _zoom(ax: Axes, values: pd.Series, log: bool) -> None:
    """Limit the y axis to the seeds' values (after the untrained start) with a margin."""
    low, high = float(values.min()), float(values.max())
    if log:
        ax.set_ylim(low / (high / low) ** MARGIN, high * (high / low) ** MARGIN)
    else:
        pad = MARGIN * (high - low) or 0.01
        ax.set_ylim(low - pad, high + pad)


def plot_metric(settings: pd.DataFrame, metric: str, png: Path, pdf: Path) -> None:
    """One metric against effective passes, one line per setting (mean and 95% band).

    Settings that share a training run share their training curves and test loss, so
    their lines coincide; test-time settings are dashed so both stay visible. Each seed is
    on the common grid of ``on_common_grid``; markers are the passes where a test metric
    was measured (the log-spaced schedule and each seed's stop). The y axis is zoomed to
    the seeds' values from the first pass on (the untrained start at pass 0 lies off it).
    """
    fig, ax = new_figure()
    names = list(SETTINGS.values())
    frame = on_common_grid(settings, metric)
    seed_lines(
        ax,
        frame,
        "passes",
        metric,
        hue="setting",
        hue_order=names,
        style="setting",
        style_order=names,
        dashes={names[0]: "", names[1]: "", names[2]: (4, 2), names[3]: (4, 2)},
        markers={name: "o" for name in names} if metric.startswith("test") else False,
        markersize=4,
    )
    log = metric.endswith("loss")
    if log:
        log_axis(ax, "y")
    _zoom(ax, frame.loc[frame["passes"] >= min(1.0, frame["passes"].max()), metric], log)
    ax.set_xlabel(LABELS["passes"])
    ax.set_ylabel(LABELS[metric] + (" on clean images" if metric.startswith("train") else ""))
    first = settings.iloc[0]
    setup = f"{first['model'].upper()}, B = {first['batch_size']}, lr {first['lr']:g}"
    title(ax, f"{setup}: {LABELS[metric].split(' (')[0]} (section 2)")
    ax.legend(fontsize=8)
    save(fig, png, pdf)
