"""004 problem 3's figure: time and memory of both modes, each regime with its own slope."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from sgdlab.pipeline.plotting import log_axis, new_figure, save, title

# (measure, against) of each panel, with its y label and title.
COST_PANELS = (
    ("time_s", "T", "wall time (s)", "one derivative df/dw1 against T"),
    ("time_s", "d", "wall time (s)", "full gradient against d"),
    ("peak_bytes", "T", "peak scratch memory (bytes)", "memory against T"),
    ("peak_bytes", "d", "peak scratch memory (bytes)", "memory against d"),
)
X_LABELS = {"T": "operations T", "d": "inputs d"}
# One colour per computation (a function of sgdlab.studies.minigrad.cost) in every panel.
PALETTE = sns.color_palette("colorblind")
COLOURS = {
    "evaluate": PALETTE[7],
    "forward_one": PALETTE[0],
    "forward_sweeps": PALETTE[1],
    "forward_batched": PALETTE[2],
    "reverse": PALETTE[3],
}


def _slope_text(fits: pd.DataFrame, x_name: str) -> str:
    """'slope 1.02 [0.98, 1.06]', or one such per regime with its range of x."""
    if len(fits) == 1:
        fit = fits.iloc[0]
        return f"slope {fit['slope']:.2f} [{fit['ci_low']:.2f}, {fit['ci_high']:.2f}]"
    parts = [
        f"{fit['slope']:.2f} for {x_name} {fit['x_min']:g}-{fit['x_max']:g}"
        for _, fit in fits.iterrows()
    ]
    return "slopes " + ", ".join(parts)


def _draw_series(ax: Axes, measured: pd.DataFrame, fits: pd.DataFrame, x_name: str) -> None:
    """Measured points joined by a thin line, and each regime's fitted power law dashed."""
    label = f"{measured['label'].iloc[0]}: {_slope_text(fits, x_name)}"
    colour = COLOURS[measured["computation"].iloc[0]]
    ax.plot(measured[x_name], measured["value"], marker="o", lw=1, ms=4, color=colour, label=label)
    for _, fit in fits.iterrows():
        inside = measured[(measured[x_name] >= fit["x_min"]) & (measured[x_name] <= fit["x_max"])]
        x = inside[x_name].to_numpy(dtype=float)
        # The fitted line through the regime's geometric centre, with the fitted slope.
        centre_x, centre_y = np.exp(np.log(x).mean()), np.exp(np.log(inside["value"]).mean())
        ax.plot(
            x,
            centre_y * (x / centre_x) ** fit["slope"],
            ls="--",
            lw=2,
            alpha=0.5,
            color=colour,
        )


def plot_cost(measurements: pd.DataFrame, slopes: pd.DataFrame, png: Path, pdf: Path) -> None:
    """Four log-log panels: one derivative against T, the gradient against d, memory.

    Memory is drawn against T and against d; each series' regimes are fitted separately
    (dashed), their slopes in the legend.
    """
    fig, _ = new_figure(13, 11)
    fig.clf()
    axes = fig.subplots(2, 2).ravel()
    for ax, (measure, x_name, y_label, heading) in zip(axes, COST_PANELS, strict=True):
        panel = measurements[
            (measurements["measure"] == measure) & (measurements["against"] == x_name)
        ]
        for key, measured in panel.groupby("key", sort=False):
            _draw_series(ax, measured, slopes[slopes["key"] == key], x_name)
        fixed = "d" if x_name == "T" else "T"
        ax.set_xlabel(X_LABELS[x_name])
        ax.set_ylabel(y_label)
        log_axis(ax, "x", base=2)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        log_axis(ax, "y")
        # Below the panel, where it cannot hide a curve.
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), frameon=False)
        title(ax, f"{heading} ({fixed} = {int(panel[fixed].iloc[0])})")
    save(fig, png, pdf)
