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
            }
        )
    return pd.DataFrame(rows)


def markdown_table(table: pd.DataFrame) -> str:
    """The final-accuracy table as Markdown (accuracy in percent, std over seeds)."""
    lines = [
        "| setting | passes trained | interpolated | final test accuracy (%) |",
        "|---|---:|:---:|---:|",
    ]
    for row in table.itertuples():
        spread = (
            ""
            if pd.isna(row.final_test_accuracy_std)
            else f" ± {100 * row.final_test_accuracy_std:.2f}"
        )
        lines.append(
            f"| {row.setting} | {row.passes_trained:g} | {'yes' if row.interpolated else 'no'} "
            f"| {100 * row.final_test_accuracy_mean:.2f}{spread} |"
        )
    seeds = int(table["seeds"].iloc[0])
    lines.append("")
    lines.append(f"Mean over {seeds} seed(s); ± is the standard deviation over seeds.")
    return "\n".join(lines) + "\n"


def plot_metric(settings: pd.DataFrame, metric: str, png: Path, pdf: Path) -> None:
    """One metric against effective passes, one line per setting (mean and 95% band).

    Settings that share a training run share their training curves and test loss, so
    their lines coincide; test-time settings are dashed so both stay visible.
    """
    fig, ax = new_figure()
    names = list(SETTINGS.values())
    sns.lineplot(
        data=settings,
        x="passes",
        y=metric,
        hue="setting",
        hue_order=names,
        style="setting",
        style_order=names,
        dashes={names[0]: "", names[1]: "", names[2]: (4, 2), names[3]: (4, 2)},
        errorbar=("ci", 95),
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
