"""The answers table of 001 section 2: every value 2.1 to 2.5 ask for, beside least squares.

Each row has a stable ``key`` (the answer book selects rows by it).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import torch

from sgdlab.pipeline.tables import markdown_table
from sgdlab.studies.linear_regression.training import Sets, least_squares, mse, split

COLUMNS = ("key", "question", "quantity", "value", "answer", "reference", "note")
Row = tuple[str, str, str, float, str, str, str]


def sgd_fit_rows(x: torch.Tensor, y: torch.Tensor, whole: pd.DataFrame) -> list[Row]:
    """2.1: slope and bias after SGD on the whole set, beside least squares."""
    slope, bias = least_squares(x, y)
    final = whole.iloc[-1]
    note = f"{int(final['epoch'])} epochs on the whole set"
    return [
        (
            name,
            "2.1",
            f"{name} after SGD",
            final[name],
            f"{final[name]:.3f}",
            f"least squares {fit:.3f}",
            note,
        )
        for name, fit in (("slope", slope), ("bias", bias))
    ]


def split_size_rows(sets: Sets) -> list[Row]:
    """2.3: the sizes of the training, validation and test parts."""
    note = "train_test_split 80:20, then 50:50, random_state both times"
    sizes = {name: len(sets[name][0]) for name in ("train", "validation", "test")}
    return [
        (f"{name}_samples", "2.3", f"{name} samples", size, str(size), "", note)
        for name, size in sizes.items()
    ]


def minimum_rows(epochs: pd.DataFrame, sets: Sets, train_fit: torch.Tensor) -> list[Row]:
    """2.3: where the training and validation MSE are lowest, as 0-based index and epoch."""
    rows: list[Row] = []
    for name in ("train", "validation"):
        best = int(epochs[f"{name}_mse"].to_numpy().argmin())
        row = epochs.iloc[best]
        reference = f"least-squares {name} MSE {mse(train_fit, *sets[name]):.4f}"
        epoch = int(row["epoch"])
        rows += [
            (
                f"{name}_min_index",
                "2.3",
                f"index of minimal {name} MSE (0-based)",
                best,
                str(best),
                reference,
                f"MSE {row[f'{name}_mse']:.4f}",
            ),
            (
                f"{name}_min_epoch",
                "2.3",
                f"epoch of minimal {name} MSE (1-based)",
                epoch,
                str(epoch),
                "",
                "the same minimum, counted from 1",
            ),
        ]
    return rows


def early_stopping_rows(epochs: pd.DataFrame, sets: Sets, train_fit: torch.Tensor) -> list[Row]:
    """2.4: test MSE with the final parameters and with those of the best validation epoch."""
    best = epochs.iloc[int(epochs["validation_mse"].to_numpy().argmin())]
    last = epochs.iloc[-1]
    reference = f"least squares on the training part {mse(train_fit, *sets['test']):.4f}"
    return [
        (
            key,
            "2.4",
            f"test MSE, {label.format(int(row['epoch']))}",
            row["test_mse"],
            f"{row['test_mse']:.4f}",
            reference,
            f"slope {row['slope']:.3f}, bias {row['bias']:.3f}",
        )
        for key, label, row in (
            ("test_mse_final", "final parameters (epoch {})", last),
            ("test_mse_best_validation", "best validation epoch ({})", best),
        )
    ]


def momentum_rows(
    momentum: pd.DataFrame, momenta: Sequence[float], sets: Sets, train_fit: torch.Tensor
) -> list[Row]:
    """2.5: final, lowest and late range of the training MSE for each μ of ``momenta``."""
    reference = f"least squares {mse(train_fit, *sets['train']):.4f}"
    rows: list[Row] = []
    for mu in momenta:
        runs = momentum[momentum["momentum"] == mu]
        last, low = runs.iloc[-1], runs.loc[runs["train_mse"].idxmin()]
        late = runs["train_mse"].iloc[len(runs) // 2 :]
        note = (
            f"lowest {low['train_mse']:.4f} after epoch {int(low['epoch'])}; "
            f"second half of the epochs between {late.min():.4f} and {late.max():.4f}"
        )
        rows.append(
            (
                f"momentum_{mu:g}",
                "2.5",
                f"final training MSE, momentum {mu:g}",
                last["train_mse"],
                f"{last['train_mse']:.4f}",
                reference,
                note,
            )
        )
    return rows


def answers(
    x: torch.Tensor,
    y: torch.Tensor,
    whole: pd.DataFrame,
    epochs: pd.DataFrame,
    momentum: pd.DataFrame,
    momenta: Sequence[float],
    random_state: int,
) -> pd.DataFrame:
    """Every value 2.1 to 2.5 ask for, each beside the least-squares reference.

    2.3 gives the epoch of each minimum twice: as the epoch number (1-based, "after epoch
    k") and as the index into the per-epoch list (0-based, Python's count).
    """
    sets = split(x, y, random_state)
    train_fit = torch.tensor(least_squares(*sets["train"]), dtype=torch.float64)
    rows = [
        *sgd_fit_rows(x, y, whole),
        *split_size_rows(sets),
        *minimum_rows(epochs, sets, train_fit),
        *early_stopping_rows(epochs, sets, train_fit),
        *momentum_rows(momentum, momenta, sets, train_fit),
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def answers_markdown(table: pd.DataFrame) -> str:
    """The answers table as Markdown (the answer column as the document asks)."""
    columns = ["key", "question", "quantity", "answer", "reference", "note"]
    return markdown_table(columns, "lllrll", table[columns].itertuples(index=False))
