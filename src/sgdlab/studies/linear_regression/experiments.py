"""Questions 2.1 to 2.5 of 001 section 2 as tidy tables, and the answers table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
import torch

from sgdlab.studies.linear_regression.training import (
    TrainSpec,
    least_squares,
    mse,
    split,
    train,
)


def whole_set_run(x: torch.Tensor, y: torch.Tensor, spec: TrainSpec) -> pd.DataFrame:
    """2.1 and 2.2: SGD on the whole set; per update (1-based) its minibatch loss and params."""
    history = train(x, y, spec, {})
    updates_per_epoch = len(history.update_loss) // spec.epochs
    return pd.DataFrame(
        {
            "update": range(1, len(history.update_loss) + 1),
            "epoch": [1 + i // updates_per_epoch for i in range(len(history.update_loss))],
            "batch_loss": history.update_loss,
            "slope": [p[0] for p in history.update_params],
            "bias": [p[1] for p in history.update_params],
        }
    )


def split_run(x: torch.Tensor, y: torch.Tensor, spec: TrainSpec, random_state: int) -> pd.DataFrame:
    """2.3 and 2.4: SGD on the training part; after every epoch its params and three MSEs."""
    sets = split(x, y, random_state)
    history = train(*sets["train"], spec, sets)
    return pd.DataFrame(
        {
            "epoch": range(1, spec.epochs + 1),
            "slope": [p[0] for p in history.epoch_params],
            "bias": [p[1] for p in history.epoch_params],
            **{f"{name}_mse": values for name, values in history.epoch_mse.items()},
        }
    )


def momentum_runs(
    x: torch.Tensor,
    y: torch.Tensor,
    spec: TrainSpec,
    momenta: Sequence[float],
    random_state: int,
) -> pd.DataFrame:
    """2.5: one run per μ on the training part (same shuffles); per epoch train/val MSE."""
    sets = split(x, y, random_state)
    frames = []
    for mu in momenta:
        history = train(*sets["train"], replace(spec, momentum=mu), sets)
        frames.append(
            pd.DataFrame(
                {
                    "momentum": mu,
                    "epoch": range(1, spec.epochs + 1),
                    "slope": [p[0] for p in history.epoch_params],
                    "bias": [p[1] for p in history.epoch_params],
                    "train_mse": history.epoch_mse["train"],
                    "validation_mse": history.epoch_mse["validation"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _row(
    question: str, quantity: str, value: float, answer: str, reference: str, note: str
) -> dict:
    return {
        "question": question,
        "quantity": quantity,
        "value": value,
        "answer": answer,
        "reference": reference,
        "note": note,
    }


def answers(
    x: torch.Tensor,
    y: torch.Tensor,
    whole: pd.DataFrame,
    epochs: pd.DataFrame,
    momentum: pd.DataFrame,
    random_state: int,
) -> pd.DataFrame:
    """Every value 2.1 to 2.5 ask for, each beside the least-squares reference.

    2.3 gives the epoch of each minimum twice: as the epoch number (1-based, "after epoch
    k") and as the index into the per-epoch list (0-based, Python's count).
    """
    slope, bias = least_squares(x, y)
    final = whole.iloc[-1]
    sets = split(x, y, random_state)
    train_fit = torch.tensor(least_squares(*sets["train"]), dtype=torch.float64)
    rows = [
        _row(
            "2.1",
            "slope after SGD",
            final["slope"],
            f"{final['slope']:.3f}",
            f"least squares {slope:.3f}",
            f"{int(final['epoch'])} epochs on the whole set",
        ),
        _row(
            "2.1",
            "bias after SGD",
            final["bias"],
            f"{final['bias']:.3f}",
            f"least squares {bias:.3f}",
            f"{int(final['epoch'])} epochs on the whole set",
        ),
    ]
    for name in ("train", "validation", "test"):
        rows.append(
            _row(
                "2.3",
                f"{name} samples",
                len(sets[name][0]),
                str(len(sets[name][0])),
                "",
                "train_test_split 80:20, then 50:50, random_state both times",
            )
        )
    for name in ("train", "validation"):
        best = int(epochs[f"{name}_mse"].to_numpy().argmin())
        row = epochs.iloc[best]
        reference = mse(train_fit, *sets[name])
        rows += [
            _row(
                "2.3",
                f"index of minimal {name} MSE (0-based)",
                best,
                str(best),
                f"least-squares {name} MSE {reference:.4f}",
                f"MSE {row[f'{name}_mse']:.4f}",
            ),
            _row(
                "2.3",
                f"epoch of minimal {name} MSE (1-based)",
                int(row["epoch"]),
                str(int(row["epoch"])),
                "",
                "the same minimum, counted from 1",
            ),
        ]
    best = epochs.iloc[int(epochs["validation_mse"].to_numpy().argmin())]
    last = epochs.iloc[-1]
    reference = f"least squares on the training part {mse(train_fit, *sets['test']):.4f}"
    rows += [
        _row(
            "2.4",
            f"test MSE, final parameters (epoch {int(last['epoch'])})",
            last["test_mse"],
            f"{last['test_mse']:.4f}",
            reference,
            f"slope {last['slope']:.3f}, bias {last['bias']:.3f}",
        ),
        _row(
            "2.4",
            f"test MSE, best validation epoch ({int(best['epoch'])})",
            best["test_mse"],
            f"{best['test_mse']:.4f}",
            reference,
            f"slope {best['slope']:.3f}, bias {best['bias']:.3f}",
        ),
    ]
    train_reference = f"least squares {mse(train_fit, *sets['train']):.4f}"
    for mu, runs in momentum.groupby("momentum", sort=False):
        last, low = runs.iloc[-1], runs.loc[runs["train_mse"].idxmin()]
        late = runs["train_mse"].iloc[len(runs) // 2 :]
        rows.append(
            _row(
                "2.5",
                f"final training MSE, momentum {mu:g}",
                last["train_mse"],
                f"{last['train_mse']:.4f}",
                train_reference,
                f"lowest {low['train_mse']:.4f} after epoch {int(low['epoch'])}; "
                f"second half of the epochs between {late.min():.4f} and {late.max():.4f}",
            )
        )
    return pd.DataFrame(rows)


def markdown_table(table: pd.DataFrame) -> str:
    """The answers table as Markdown (the answer column as the document asks)."""
    lines = ["| question | quantity | answer | reference | note |", "|---|---|---:|---|---|"]
    lines += [
        f"| {r.question} | {r.quantity} | {r.answer} | {r.reference} | {r.note} |"
        for r in table.itertuples()
    ]
    return "\n".join(lines) + "\n"
