"""Augmentation study tables: the four settings' rows, final accuracies, paired differences.

The two test-time settings reuse the rows of the runs trained without and with
augmentation, with the voted accuracy in place of the clean one.
"""

from __future__ import annotations

import pandas as pd

from sgdlab.pipeline.statistics import UNIT, mean_interval, paired_difference
from sgdlab.pipeline.tables import interval_text, markdown_table, seeds_note

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
COMPARISONS = (
    ("test-time vote vs clean test, model trained without augmentation", 2, 0),
    ("test-time vote vs clean test, model trained with augmentation", 3, 1),
    ("train-time augmentation vs none, clean test", 1, 0),
    ("train- and test-time augmentation vs none", 3, 0),
)


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
    """Per setting: passes trained, whether every seed interpolated, final test accuracy.

    The accuracy's 95% t-interval is clipped to [0, 1]. Whether a run interpolated is
    decided on the clean training images, also for the runs trained on augmented ones.
    """
    last = settings.sort_values("update").groupby(["setting", "seed"], sort=False).tail(1)
    rows = []
    for name in SETTINGS.values():
        group = last[last["setting"] == name]
        interval = mean_interval(group["test_accuracy"].tolist(), bounds=UNIT)
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


def markdown(table: pd.DataFrame, differences: pd.DataFrame) -> str:
    """Final accuracies and paired differences as Markdown, in percent with 95% t-CIs."""
    accuracies = markdown_table(
        ["setting", "passes trained", "interpolated", "final test accuracy (%) [95% CI]"],
        "lrcr",
        [
            [
                row.setting,
                f"{row.passes_trained:g}",
                "yes" if row.interpolated else "no",
                _percent(
                    row.final_test_accuracy_mean,
                    row.final_test_accuracy_ci_low,
                    row.final_test_accuracy_ci_high,
                ),
            ]
            for row in table.itertuples()
        ],
    )
    paired = markdown_table(
        ["paired difference", "points (%) [95% CI]"],
        "lr",
        [
            [row.comparison, _percent(row.mean_difference, row.ci_low, row.ci_high)]
            for row in differences.itertuples()
        ],
    )
    note = seeds_note(int(table["seeds"].iloc[0]), "Differences are paired by seed.")
    return f"{accuracies}\n{paired}\n{note}\n"


def _percent(estimate: float, low: float, high: float) -> str:
    return interval_text(estimate, low, high, ".2f", scale=100)
