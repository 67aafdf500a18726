"""Augmentation study (000_c9208c5f745f8f12.txt, section 2): four settings, two runs.

A run trained with or without augmentation logs clean and voted test accuracy on the same
weights, so "augmentation at test time" is a column of a run, not a separate run. This
module turns the runs' rows into the four settings' tidy rows, the final-accuracy table
and the figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import seaborn as sns

from sgdlab.pipeline.plotting import LABELS, log_axis, new_figure, save, title
from sgdlab.pipeline.statistics import mean_interval, paired_difference, t_errorbar

SETTINGS = {
    (False, False): "no augmentation",
    (True, False): "train-time augmentation only",
    (False, True): "test-time augmentation only",
    (True, True): "train- and test-time augmentation",
}
COLUMNS = [
    "setting", "train_aug", "test_aug", "seed", "model", "batch_size", "lr",
    "update", "passes", "status",
    "train_loss", "train_accuracy", "test_loss", "test_accuracy", "tta_tie_rate",
]  # fmt: skip


def settings_frame(runs: pd.DataFrame) -> pd.DataFrame:
    """Rows of the four settings from the rows of the runs (each run gives two settings).

    For the test-time settings, ``test_accuracy`` is the majority-vote accuracy and
    ``tta_tie_rate`` the fraction of test images whose vote was tied; the test loss is on
    clean images in every setting, as the document prescribes.
    """
    clean = runs.assign(test_aug=False, tta_tie_rate=float("nan"))
    voted = runs.assign(test_aug=True, test_accuracy=runs["test_accuracy_tta"])
    frame = pd.concat([clean, voted], ignore_index=True)
    frame["setting"] = [
        SETTINGS[(bool(t), bool(v))]
        for t, v in zip(frame["train_aug"], frame["test_aug"], strict=True)
    ]
    order = {name: i for i, name in enumerate(SETTINGS.values())}
    frame = frame.sort_values(
        ["setting", "seed", "update"], key=lambda c: c.map(order) if c.name == "setting" else c
    )
    return frame[COLUMNS].reset_index(drop=True)


def final_table(settings: pd.DataFrame) -> pd.DataFrame:
    """Per setting: passes trained, whether every seed interpolated, final test accuracy."""
    last = settings.sort_values("update").groupby(["setting", "seed"], sort=False).tail(1)
    rows = []
    for name in SETTINGS.values():
        group = last[last["setting"] == name]
        interval = mean_interval(group["test_accuracy"].tolist())
        rows.append(
            {
                "setting": name,
                "train_aug": bool(group["train_aug"].iloc[0]),
                "test_aug": bool(group["test_aug"].iloc[0]),
                "seeds": len(group),
                "passes_trained": group["passes"].mean(),
                "interpolated": bool((group["status"] == "interpolated").all()),
                "final_test_accuracy_mean": group["test_accuracy"].mean(),
                "final_test_accuracy_std": group["test_accuracy"].std(ddof=1),
                "final_test_accuracy_ci_low": interval.low,
                "final_test_accuracy_ci_high": interval.high,
            }
        )
    return pd.DataFrame(rows)


COMPARISONS = (
    ("test-time vote vs clean test, model trained without augmentation", 2, 0),
    ("test-time vote vs clean test, model trained with augmentation", 3, 1),
    ("train-time augmentation vs none, clean test", 1, 0),
    ("train- and test-time augmentation vs none", 3, 0),
)


def paired_differences(settings: pd.DataFrame) -> pd.DataFrame:
    """Final test accuracy differences between settings, paired by seed, with 95% t-CIs.

    These answer the document's question (does augmentation help, at training and at test
    time) with the seed-to-seed spread: both settings of a pair share the seed's data order
    and initialization, so the paired interval is narrower than two separate ones.
    """
    last = settings.sort_values("update").groupby(["setting", "seed"], sort=False).tail(1)
    accuracy = last.pivot(index="seed", columns="setting", values="test_accuracy")
    names = list(SETTINGS.values())
    rows = []
    for comparison, first, second in COMPARISONS:
        interval = paired_difference(
            accuracy[names[first]].tolist(), accuracy[names[second]].tolist()
        )
        rows.append(
            {
                "comparison": comparison,
                "setting": names[first],
                "baseline": names[second],
                "mean_difference": interval.estimate,
                "ci_low": interval.low,
                "ci_high": interval.high,
                "seeds": interval.n,
            }
        )
    return pd.DataFrame(rows)


def _percent_interval(mean: float, low: float, high: float) -> str:
    if pd.isna(low):
        return f"{100 * mean:.2f}"
    return f"{100 * mean:.2f} [{100 * low:.2f}, {100 * high:.2f}]"


def markdown_table(table: pd.DataFrame, differences: pd.DataFrame) -> str:
    """Final accuracies and paired differences as Markdown, in percent with 95% t-CIs."""
    lines = [
        "| setting | passes trained | interpolated | final test accuracy (%) [95% CI] |",
        "|---|---:|:---:|---:|",
    ]
    for row in table.itertuples():
        accuracy = _percent_interval(
            row.final_test_accuracy_mean,
            row.final_test_accuracy_ci_low,
            row.final_test_accuracy_ci_high,
        )
        lines.append(
            f"| {row.setting} | {row.passes_trained:g} | {'yes' if row.interpolated else 'no'} "
            f"| {accuracy} |"
        )
    lines += ["", "| paired difference | points (%) [95% CI] |", "|---|---:|"]
    for row in differences.itertuples():
        difference = _percent_interval(row.mean_difference, row.ci_low, row.ci_high)
        lines.append(f"| {row.comparison} | {difference} |")
    seeds = int(table["seeds"].iloc[0])
    lines.append("")
    lines.append(
        f"Mean over n = {seeds} seed(s); brackets: 95% Student-t interval over seeds "
        "(none with one seed). Differences are paired by seed."
    )
    return "\n".join(lines) + "\n"


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
