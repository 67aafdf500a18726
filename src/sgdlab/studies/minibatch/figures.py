"""Minibatch study figures: curves per B, updates to each threshold, eta*_B, rate sensitivity.

Points against B follow one rule: the mean with its 95% t-interval where every seed reached
the threshold, else an open triangle at a lower bound on the mean (each unreached seed's
budget in place of its unknown value), labelled with how many seeds reached it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from sgdlab.pipeline.plotting import (
    LABELS,
    log_axis,
    new_figure,
    new_panels,
    save,
    seed_lines,
    title,
)
from sgdlab.pipeline.statistics import mean_interval
from sgdlab.pipeline.tables import interval_text
from sgdlab.studies.minibatch.tables import divergent_rates, threshold_label

X_COLUMN = {"updates": "update", "passes": "passes"}
# What a probe of the search showed, in the divergent-rate figure's legend.
OUTCOMES = ("probe diverged", "probe far above lower rates' loss", "probe stable")


def model_name(frame: pd.DataFrame) -> str:
    """Readable model name from the table's ``model`` column: mlp-64 -> MLP(64)."""
    name, *hidden = str(frame["model"].iloc[0]).split("-")
    return f"{name.upper()}({', '.join(hidden)})" if hidden else name.upper()


def _batch_palette(batch_sizes: list[int]) -> dict[int, tuple]:
    return dict(zip(batch_sizes, sns.color_palette("viridis", len(batch_sizes)), strict=True))


def factor_label(factor: float) -> str:
    """The rate as a fraction of η*_B: η*_B / 2 for 0.5, η*_B / 8 for 0.125, else 0.3 η*_B."""
    inverse = 1 / factor
    if abs(inverse - round(inverse)) < 1e-9:
        return f"η*_B / {round(inverse)}"
    return f"{factor:g} η*_B"


def plot_curve(metrics: pd.DataFrame, metric: str, axis: str, png: Path, pdf: Path) -> None:
    """One metric against updates (section 3) or passes (section 4), one line per B.

    With several seeds the line is the mean over seeds and the band its 95% t-interval
    (``seed_lines``: accuracies clipped to [0, 1], losses as geometric means with the
    interval of their logarithm, positive on the log axis). The
    updates axis is logarithmic: B = 1 makes 16 times as many updates as B = 16, and a
    linear axis would squeeze every larger batch into its left sixteenth.
    """
    x = X_COLUMN[axis]
    frame = metrics.dropna(subset=[metric])
    frame = frame[frame[x] > 0] if axis == "updates" else frame
    sizes = sorted(frame["batch_size"].unique())
    fig, ax = new_figure()
    seed_lines(ax, frame, x, metric, hue="batch_size", palette=_batch_palette(sizes))
    if axis == "updates":
        log_axis(ax, "x")
    if metric.endswith("loss"):
        log_axis(ax, "y")
    ax.set_xlabel(LABELS[x])
    ax.set_ylabel(LABELS[metric])
    section = "section 3" if axis == "updates" else "section 4"
    model, factor = model_name(metrics), factor_label(metrics["lr_factor"].iloc[0])
    title(ax, f"{model}, each B at {factor}: {LABELS[metric].split(' (')[0]} ({section})")
    ax.legend(title="batch size B")
    save(fig, png, pdf)


def plot_to_threshold(
    table: pd.DataFrame, scaling: pd.DataFrame, axis: str, png: Path, pdf: Path
) -> None:
    """Updates or passes to each training-accuracy threshold against B, mean and 95% t-CI.

    A point with its interval is drawn only where every seed reached the threshold: a mean
    over the seeds that happened to reach it would be biased low. Where some seed did not,
    an open triangle marks the mean with each such seed's budget in place of its unknown
    value (a lower bound on the mean), labelled with how many seeds reached it. The
    legend gives each threshold's fitted log-log slope (updates only), or says that there
    is none: a slope is fitted only where every seed reached the threshold at two B or more.
    """
    column = "update" if axis == "updates" else "passes"
    sizes = sorted(table["batch_size"].unique())
    thresholds = sorted(table["threshold"].unique())
    palette = dict(zip(thresholds, sns.color_palette("colorblind", len(thresholds)), strict=True))
    fig, ax = new_figure(6.4, 5.0)
    for position, threshold in enumerate(thresholds):
        # Thresholds side by side at each B (a small shift on the log axis), so that runs
        # censored at the same budget do not hide one another.
        shift = 2 ** (0.15 * (position - (len(thresholds) - 1) / 2))
        group = table[table["threshold"] == threshold]
        fit = _slope_label(scaling, threshold) if axis == "updates" else ""
        censored = f"{threshold_label(threshold)}: lower bound (not every seed reached it)"
        if not group.groupby("batch_size")["reached"].all().any():
            censored += fit  # no point of its own: its legend entry says there is no slope
        label = f"training accuracy {threshold_label(threshold)}{fit}"
        _draw_threshold_points(ax, group, column, palette[threshold], label, censored, shift)
    log_axis(ax, "x", base=2)
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlim(min(sizes) / 1.4, max(sizes) * 1.4)
    if axis == "updates":
        log_axis(ax, "y")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel(LABELS["batch_size"])
    ax.set_ylabel(f"{'SGD updates' if axis == 'updates' else 'effective passes'} to reach it")
    section = "section 3" if axis == "updates" else "section 4"
    title(ax, f"When does {model_name(table)} reach each training accuracy? ({section})")
    # Below the axes: censored points sit at the top, fitted ones anywhere.
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=7)
    save(fig, png, pdf)


def threshold_points(group: pd.DataFrame, column: str) -> tuple[pd.Series, pd.DataFrame]:
    """One threshold's points against B: intervals where every seed reached it, else bounds.

    Returns the mean and 95% t-interval of ``column`` per batch size at which every seed
    reached the threshold, and per other batch size the mean with each unreached seed's
    budget in place of its value (a lower bound on the mean) and how many seeds reached it.
    """
    reached_by_all = group.groupby("batch_size")["reached"].transform("all")
    complete, censored = group[reached_by_all], group[~reached_by_all]
    stats = complete.groupby("batch_size")[column].apply(lambda v: mean_interval(v.tolist()))
    bounds = censored.groupby("batch_size").agg(
        bound=(column, "mean"), reached=("reached", "sum"), seeds=("reached", "size")
    )
    return stats, bounds


def _draw_threshold_points(
    ax: Axes,
    group: pd.DataFrame,
    column: str,
    color: tuple,
    label: str,
    censored_label: str,
    shift: float = 1.0,
) -> None:
    """Draw ``threshold_points``: intervals as points with error bars, bounds as triangles."""
    stats, bounds = threshold_points(group, column)
    if not stats.empty:
        errors = [
            [s.estimate - s.low if s.n > 1 else 0 for s in stats],
            [s.high - s.estimate if s.n > 1 else 0 for s in stats],
        ]
        x = stats.index * shift
        means = [s.estimate for s in stats]
        ax.errorbar(x, means, yerr=errors, marker="o", capsize=3, color=color, label=label)
    if bounds.empty:
        return
    x = bounds.index * shift
    ax.scatter(
        x,
        bounds["bound"],
        marker="^",
        s=70,
        facecolors="none",
        edgecolors=color,
        zorder=3,
        label=censored_label,
    )
    for position, row in zip(x, bounds.itertuples(), strict=True):
        ax.annotate(
            f"{row.reached}/{row.seeds}",
            (position, row.bound),
            xytext=(0, -12),
            textcoords="offset points",
            ha="center",
            fontsize=6,
            color=color,
        )


def _slope_label(scaling: pd.DataFrame, threshold: float) -> str:
    """': slope s [low, high]' of the updates-to-threshold fit, or why there is none."""
    fit = scaling[
        (scaling["quantity"] == "updates_to_threshold") & (scaling["threshold"] == threshold)
    ]
    if fit.empty or math.isnan(fit["slope"].iloc[0]):
        return ", no slope (every seed reached it at < 2 B)"
    row = fit.iloc[0]
    return f": slope {interval_text(row['slope'], row['ci_low'], row['ci_high'])}"


def plot_factor_sensitivity(table: pd.DataFrame, png: Path, pdf: Path) -> None:
    """Updates to each training-accuracy threshold against B, one line per factor of eta*_B.

    One panel per threshold, points as in ``plot_to_threshold``: the mean with its 95%
    t-interval where every seed reached the threshold, else an open triangle at a lower
    bound on the mean, labelled with how many seeds reached it.
    """
    thresholds = sorted(table["threshold"].unique())
    factors = sorted(table["lr_factor"].unique(), reverse=True)
    sizes = sorted(table["batch_size"].unique())
    palette = dict(zip(factors, sns.color_palette("rocket", len(factors)), strict=True))
    fig, panels = new_panels(len(thresholds))
    for ax, threshold in zip(panels, thresholds, strict=True):
        for position, factor in enumerate(factors):
            # Factors side by side at each B, so that bounds at the same budget stay apart.
            shift = 2 ** (0.25 * (position - (len(factors) - 1) / 2))
            group = table[(table["threshold"] == threshold) & (table["lr_factor"] == factor)]
            _draw_threshold_points(
                ax,
                group,
                "update",
                palette[factor],
                factor_label(factor),
                f"{factor_label(factor)}: not reached by every seed (lower bound)",
                shift,
            )
        log_axis(ax, "x", base=2)
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.set_xlabel(LABELS["batch_size"])
        title(ax, f"training accuracy {threshold_label(threshold)}")
        ax.legend(fontsize=7, loc="upper right")
    log_axis(panels[0], "y")
    panels[0].set_ylim(table["update"].min() / 2, table["update"].max() * 2)
    panels[0].set_ylabel("SGD updates to reach it")
    fig.suptitle(
        f"{model_name(table)}: how the answer of section 3 depends on the rate", fontsize=11
    )
    save(fig, png, pdf)


def plot_divergent_lr(searches: Mapping[int, dict], lr_factor: float, png: Path, pdf: Path) -> None:
    """Every seed's divergent rate eta*_B against B, log-log, with the mean and probes.

    A divergent probe is marked by why: its loss blew up, or it ended far above the loss
    the seed reached at lower rates (the search's ``loss_ratio`` rule).
    """
    sizes = sorted(searches)
    probes = pd.DataFrame([{"batch_size": b, **p} for b in sizes for p in searches[b]["probes"]])
    above = probes.get("reason", pd.Series("", index=probes.index)) == "above lower rates"
    probes["outcome"] = np.select(
        [above, probes["diverged"]], [OUTCOMES[1], OUTCOMES[0]], default=OUTCOMES[2]
    )
    rates = divergent_rates(searches)
    fig, ax = new_figure()
    sns.scatterplot(
        data=probes,
        x="batch_size",
        y="lr",
        hue="outcome",
        style="outcome",
        hue_order=[o for o in OUTCOMES if o in set(probes["outcome"])],
        palette=dict(zip(OUTCOMES, ("firebrick", "darkorange", "seagreen"), strict=True)),
        markers=dict(zip(OUTCOMES, ("X", "P", "o"), strict=True)),
        alpha=0.35,
        ax=ax,
    )
    stats = rates.groupby("batch_size")["divergent_lr"].apply(lambda v: mean_interval(v.tolist()))
    means = np.array([s.estimate for s in stats])
    seeds = rates["seed"].nunique()
    ax.plot(sizes, means, "k-", label=f"divergent rate η*_B (mean of {seeds} seeds)")
    if seeds > 1:
        ax.fill_between(
            sizes,
            [s.low for s in stats],
            [s.high for s in stats],
            color="k",
            alpha=0.15,
            label="95% t-interval over seeds",
        )
    ax.plot(sizes, means * lr_factor, "k--", label=f"training rate {factor_label(lr_factor)}")
    log_axis(ax, "x", base=2)
    log_axis(ax, "y")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlabel(LABELS["batch_size"])
    ax.set_ylabel("learning rate")
    model = model_name(pd.DataFrame({"model": [searches[sizes[0]]["model"]]}))
    title(ax, f"Divergent learning rate per batch size ({model}, section 3)")
    ax.legend(fontsize=8)
    save(fig, png, pdf)
