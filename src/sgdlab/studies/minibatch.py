"""Minibatch study (000_c9208c5f745f8f12.txt, sections 3 and 4): tables and figures.

Every batch size B trains at half its own divergent learning rate for 50n/B updates; the
same runs answer section 3 (x = updates) and section 4 (x = effective passes). Every seed
has its own eta*_B; runs at smaller factors of it (1/4, 1/8) measure how sensitive the
answer is to the document's choice of 1/2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from sgdlab.pipeline.metrics_tables import first_interpolation, first_reaching
from sgdlab.pipeline.plotting import LABELS, log_axis, new_figure, new_panels, save, title
from sgdlab.pipeline.statistics import Interval, loglog_slope, mean_interval, t_errorbar

KEYS = ("lr_factor", "batch_size", "seed")
AXES = ("updates", "passes")
X_COLUMN = {"updates": "update", "passes": "passes"}


def divergent_rates(searches: Mapping[int, dict]) -> pd.DataFrame:
    """One row per batch size and seed: that seed's divergent rate eta*_B."""
    return pd.DataFrame(
        [
            {"batch_size": b, "seed": seed, "divergent_lr": rate}
            for b, search in sorted(searches.items())
            for seed, rate in zip(search["seeds"], search["divergent_lr"], strict=True)
        ]
    )


def interpolation_table(metrics: pd.DataFrame, searches: Mapping[int, dict]) -> pd.DataFrame:
    """Per factor, batch size and seed: rates, first update and pass at 100% accuracy."""
    table = first_interpolation(metrics, (*KEYS, "model", "lr"))
    table = table.rename(columns={"lr": "train_lr"})
    table = table.merge(divergent_rates(searches), on=["batch_size", "seed"], how="left")
    first = [*KEYS, "model", "divergent_lr", "train_lr"]
    return table[first + [c for c in table.columns if c not in first]]


def main_runs(metrics: pd.DataFrame, lr_factor: float) -> pd.DataFrame:
    """The rows of the runs at the document's factor of eta*_B (the curves' runs)."""
    return metrics[np.isclose(metrics["lr_factor"], lr_factor)]


def _model_name(frame: pd.DataFrame) -> str:
    """Readable model name from the table's ``model`` column: mlp-64 -> MLP(64)."""
    name, *hidden = str(frame["model"].iloc[0]).split("-")
    return f"{name.upper()}({', '.join(hidden)})" if hidden else name.upper()


def _batch_palette(batch_sizes: list[int]) -> dict[int, tuple]:
    return dict(zip(batch_sizes, sns.color_palette("viridis", len(batch_sizes)), strict=True))


def plot_curve(metrics: pd.DataFrame, metric: str, axis: str, png: Path, pdf: Path) -> None:
    """One metric against updates (section 3) or passes (section 4), one line per B.

    With several seeds the line is the mean and the band its 95% t-interval. The
    updates axis is logarithmic: B = 1 makes 16 times as many updates as B = 16, and a
    linear axis would squeeze every larger batch into its left sixteenth.
    """
    x = X_COLUMN[axis]
    frame = metrics.dropna(subset=[metric])
    frame = frame[frame[x] > 0] if axis == "updates" else frame
    sizes = sorted(frame["batch_size"].unique())
    fig, ax = new_figure()
    sns.lineplot(
        data=frame,
        x=x,
        y=metric,
        hue="batch_size",
        palette=_batch_palette(sizes),
        errorbar=t_errorbar,
        ax=ax,
    )
    if axis == "updates":
        log_axis(ax, "x")
    if metric.endswith("loss"):
        log_axis(ax, "y")
    ax.set_xlabel(LABELS[x])
    ax.set_ylabel(LABELS[metric])
    section = "section 3" if axis == "updates" else "section 4"
    model, factor = _model_name(metrics), _factor_label(metrics["lr_factor"].iloc[0])
    title(ax, f"{model}, each B at {factor}: {LABELS[metric].split(' (')[0]} ({section})")
    ax.legend(title="batch size B")
    save(fig, png, pdf)


def threshold_table(metrics: pd.DataFrame, thresholds: Sequence[float]) -> pd.DataFrame:
    """Per batch size, seed and training-accuracy threshold: first update and pass, or a bound."""
    return first_reaching(metrics, (*KEYS, "model"), thresholds)


def _threshold_label(threshold: float) -> str:
    return f"{100 * threshold:g}%"


def _factor_label(factor: float) -> str:
    """η*_B / 2 for 0.5, η*_B / 8 for 0.125, else 0.3 η*_B."""
    inverse = 1 / factor
    if abs(inverse - round(inverse)) < 1e-9:
        return f"η*_B / {round(inverse)}"
    return f"{factor:g} η*_B"


def scaling_table(thresholds: pd.DataFrame, searches: Mapping[int, dict]) -> pd.DataFrame:
    """Log-log slopes against B with 95% t-intervals: eta*_B, and updates to each threshold.

    Every seed's value at every B is a point of the fit, so the interval carries the seeds'
    spread. Linear scaling predicts slope +1 for eta*_B and -1 for updates (below a
    critical batch size). Updates to a threshold (one fit per learning-rate factor) enter
    only at batch sizes where every seed reached it, since censored runs give only lower
    bounds; the row says how many batch sizes that left.
    """
    rates = divergent_rates(searches)
    sizes = int(rates["batch_size"].nunique())
    slope = loglog_slope(rates["batch_size"].tolist(), rates["divergent_lr"].tolist())
    rows = [_slope_row("divergent_lr", math.nan, math.nan, slope, 1.0, sizes, sizes)]
    for (factor, threshold), group in thresholds.groupby(["lr_factor", "threshold"], sort=True):
        complete = group.groupby("batch_size").filter(lambda g: bool(g["reached"].all()))
        slope = loglog_slope(complete["batch_size"].tolist(), complete["update"].tolist())
        fitted = int(complete["batch_size"].nunique())
        rows.append(
            _slope_row("updates_to_threshold", factor, threshold, slope, -1.0, fitted, sizes)
        )
    return pd.DataFrame(rows)


def summary_table(interpolation: pd.DataFrame, thresholds: pd.DataFrame) -> pd.DataFrame:
    """Per rate factor and batch size: mean, 95% t-interval and n over seeds of the answers.

    The divergent and training rates, the final training and test accuracy, and for each
    training-accuracy threshold how many seeds reached it and, when all did, the updates and
    passes to it (else empty: the censored runs only bound it from below).
    """
    rows = []
    for (factor, size), runs in interpolation.groupby(["lr_factor", "batch_size"], sort=True):
        row: dict = {"lr_factor": factor, "batch_size": size, "seeds": len(runs)}
        for column in ("divergent_lr", "train_lr", "final_train_accuracy", "final_test_accuracy"):
            _put_interval(row, column, runs[column].tolist())
        mine = thresholds[(thresholds["lr_factor"] == factor) & (thresholds["batch_size"] == size)]
        for threshold, group in mine.groupby("threshold", sort=True):
            label = _threshold_label(threshold)
            row[f"reached_{label}"] = int(group["reached"].sum())
            for column in ("update", "passes"):
                values = group[column].tolist() if group["reached"].all() else []
                _put_interval(row, f"{column}s_to_{label}", values)
        rows.append(row)
    return pd.DataFrame(rows)


def _put_interval(row: dict, name: str, values: list[float]) -> None:
    interval = mean_interval(values)
    row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"] = (
        interval.estimate,
        interval.low,
        interval.high,
    )


def _slope_row(
    quantity: str,
    lr_factor: float,
    threshold: float,
    slope: Interval,
    predicted: float,
    fitted: int,
    batch_sizes: int,
) -> dict:
    return {
        "quantity": quantity,
        "lr_factor": lr_factor,
        "threshold": threshold,
        "slope": slope.estimate,
        "ci_low": slope.low,
        "ci_high": slope.high,
        "points": slope.n,
        "batch_sizes_fitted": fitted,
        "batch_sizes": batch_sizes,
        "linear_scaling_slope": predicted,
    }


def plot_to_threshold(
    table: pd.DataFrame, scaling: pd.DataFrame, axis: str, png: Path, pdf: Path
) -> None:
    """Updates or passes to each training-accuracy threshold against B, mean and 95% t-CI.

    A point with its interval is drawn only where every seed reached the threshold: a mean
    over the seeds that happened to reach it would be biased low. Where some seed did not,
    an open triangle marks the mean with each such seed's budget in place of its unknown
    value (a lower bound on the mean), labelled with how many seeds reached it. The
    legend gives each threshold's fitted log-log slope (updates only).
    """
    column = "update" if axis == "updates" else "passes"
    sizes = sorted(table["batch_size"].unique())
    thresholds = sorted(table["threshold"].unique())
    palette = dict(zip(thresholds, sns.color_palette("colorblind", len(thresholds)), strict=True))
    fig, ax = new_figure()
    for position, threshold in enumerate(thresholds):
        # Thresholds side by side at each B (a small shift on the log axis), so that runs
        # censored at the same budget do not hide one another.
        shift = 2 ** (0.15 * (position - (len(thresholds) - 1) / 2))
        group = table[table["threshold"] == threshold]
        label = f"training accuracy {_threshold_label(threshold)}"
        if axis == "updates":
            label += _slope_label(scaling, threshold)
        _draw_threshold_points(
            ax,
            group,
            column,
            palette[threshold],
            label,
            f"{_threshold_label(threshold)} not reached by every seed: lower bound",
            shift,
        )
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
    title(ax, f"When does {_model_name(table)} reach each training accuracy? ({section})")
    ax.legend(fontsize=7)
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
    """': slope s [low, high]' of the updates-to-threshold fit, or '' where there is none."""
    fit = scaling[
        (scaling["quantity"] == "updates_to_threshold") & (scaling["threshold"] == threshold)
    ]
    if fit.empty or math.isnan(fit["slope"].iloc[0]):
        return ""
    row = fit.iloc[0]
    label = f": slope {row['slope']:.2f}"
    if not math.isnan(row["ci_low"]):
        label += f" [{row['ci_low']:.2f}, {row['ci_high']:.2f}]"
    return label


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
                _factor_label(factor),
                f"{_factor_label(factor)}: not reached by every seed (lower bound)",
                shift,
            )
        log_axis(ax, "x", base=2)
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.set_xlabel(LABELS["batch_size"])
        title(ax, f"training accuracy {_threshold_label(threshold)}")
        ax.legend(fontsize=7, loc="lower left")
    log_axis(panels[0], "y")
    panels[0].set_ylim(table["update"].min() / 2, table["update"].max() * 2)
    panels[0].set_ylabel("SGD updates to reach it")
    fig.suptitle(
        f"{_model_name(table)}: how the answer of section 3 depends on the rate", fontsize=11
    )
    save(fig, png, pdf)


def plot_divergent_lr(searches: Mapping[int, dict], lr_factor: float, png: Path, pdf: Path) -> None:
    """Every seed's divergent rate eta*_B against B, log-log, with the mean and probes."""
    sizes = sorted(searches)
    probes = pd.DataFrame([{"batch_size": b, **p} for b in sizes for p in searches[b]["probes"]])
    probes["outcome"] = np.where(probes["diverged"], "probe diverged", "probe stable")
    rates = divergent_rates(searches)
    fig, ax = new_figure()
    sns.scatterplot(
        data=probes,
        x="batch_size",
        y="lr",
        hue="outcome",
        style="outcome",
        palette={"probe diverged": "firebrick", "probe stable": "seagreen"},
        markers={"probe diverged": "X", "probe stable": "o"},
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
    ax.plot(sizes, means * lr_factor, "k--", label=f"training rate {_factor_label(lr_factor)}")
    log_axis(ax, "x", base=2)
    log_axis(ax, "y")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlabel(LABELS["batch_size"])
    ax.set_ylabel("learning rate")
    model = _model_name(pd.DataFrame({"model": [searches[sizes[0]]["model"]]}))
    title(ax, f"Divergent learning rate per batch size ({model}, section 3)")
    ax.legend(fontsize=8)
    save(fig, png, pdf)
