"""Optimizer sweep tables: the grid's verdict in words, one row per optimizer, Markdown.

``grid_note`` says, from the grid table alone, whether the best plain-SGD setting lies
inside the grid in each dimension and, where it does not, whether the next value inward is
within noise of it. ``results_table`` gives each optimizer at its chosen settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from sgdlab.pipeline.tables import (
    interval_columns,
    interval_text,
    markdown_table,
    number_text,
    seeds_note,
)
from sgdlab.studies.optimizer_sweep.selection import SCORE, position, read_at_epochs, summarize

NAMES = {"sgd": "SGD", "momentum": "SGD + momentum", "adam": "Adam", "adamw": "AdamW"}
# Grid dimension -> (column, label in sentences).
DIMENSIONS = {"lr": ("lr", "lr"), "batch_size": ("batch_size", "B"), "epochs": ("epochs", "epochs")}


def _setting(column: str, value: float) -> str:
    """One grid value in words: lr 0.1, B = 16, 10 epochs."""
    if column == "lr":
        return f"lr {value:g}"
    return f"B = {value:g}" if column == "batch_size" else f"{value:g} epochs"


def _points(value: float) -> str:
    """A difference of accuracies in percentage points."""
    return f"{100 * value:.1f} points"


def _span(values: list[float]) -> str:
    """The range of a grid dimension: low-high, or the one value."""
    low, high = min(values), max(values)
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


def _dimension_values(grid: pd.DataFrame, best: pd.Series) -> dict[str, list[float]]:
    """The grid values of each dimension around the best: its B's rates, all B, all epochs."""
    same_b = grid["batch_size"] == best["batch_size"]
    return {
        "lr": sorted(grid.loc[same_b, "lr"].unique()),
        "batch_size": sorted(grid["batch_size"].unique()),
        "epochs": sorted(grid["epochs"].unique()),
    }


def _neighbour(grid: pd.DataFrame, best: pd.Series, column: str, values: list[float]) -> pd.Series:
    """The best eligible cell one grid step inward from ``best`` along ``column``.

    For lr the cell keeps the best's B; for epochs it keeps the best's lr and B.
    """
    step = 1 if position(best[column], values) == "lowest" else -1
    inward = values[values.index(best[column]) + step]
    cells = grid[(grid[column] == inward) & (grid["diverged_seeds"] == 0)]
    if column in ("lr", "epochs"):
        cells = cells[cells["batch_size"] == best["batch_size"]]
    if column == "epochs":
        cells = cells[cells["lr"] == best["lr"]]
    return cells.loc[cells[SCORE].idxmax()]


def _edge_sentence(grid: pd.DataFrame, best: pd.Series, column: str, values: list) -> str:
    """Why the best lies on the grid's edge in ``column``: flat (within noise) or not."""
    label = DIMENSIONS[column][1]
    where = position(best[column], values)
    if where == "only":
        return f"The grid has one {label} ({best[column]:g}), so {label} is not bracketed."
    inner = _neighbour(grid, best, column, values)
    gap, noise = best[SCORE] - inner[SCORE], best["validation_se"]
    head = (
        f"In {label} the best lies at the {where} value ({best[column]:g}); the best one step "
        f"inward ({_setting(column, inner[column])}) is {_points(gap)} lower"
    )
    if gap <= noise:
        return (
            f"{head}, within one standard error ({_points(noise)}): the surface is flat there, "
            "so a wider grid would not place the optimum measurably inside."
        )
    return f"{head}, more than one standard error ({_points(noise)}): the optimum may lie beyond."


def grid_note(grid: pd.DataFrame) -> str:
    """The grid's verdict from the table: where its best lies, how flat it is, what q12 uses."""
    best = grid[grid["best"]].iloc[0]
    validation_images = int(best["validation_images"])
    values = _dimension_values(grid, best)
    where = {column: position(best[column], values[column]) for column in DIMENSIONS}
    inside = [
        f"{DIMENSIONS[c][1]} ({_span(values[c])})" for c in DIMENSIONS if where[c] == "interior"
    ]
    edges = [column for column in DIMENSIONS if where[column] != "interior"]
    verdict = "lies on the grid's edge in every dimension"
    if inside:
        listed = " and ".join([", ".join(inside[:-1]), inside[-1]] if len(inside) > 1 else inside)
        verdict = f"is interior in {'every dimension: ' if not edges else ''}{listed}"
    near = grid[grid["within_noise"]]
    near_b = ", ".join(f"{b:g}" for b in sorted(near["batch_size"].unique()))
    chosen = grid[grid["chosen"]].iloc[0]
    sentences = [
        f"The best validation accuracy, {best[SCORE]:.1%} at lr {best['lr']:g}, "
        f"B = {best['batch_size']}, {best['epochs']} epochs (mean of {best['seeds']} seeds "
        f"and of epochs {best['epochs'] - 1}-{best['epochs'] + 1}), {verdict}.",
        *(_edge_sentence(grid, best, column, values[column]) for column in edges),
        f"{len(near)} of {len(grid)} settings {'lies' if len(near) == 1 else 'lie'} within one "
        "standard error of it "
        f"({_points(best['validation_se'])}: {validation_images} validation images and the "
        f"seeds' spread), at B = {near_b}, "
        f"lr {_span(list(near['lr']))} and {_span(list(near['epochs']))} epochs.",
        "Question 12 trains at the one with the fewest updates: "
        f"lr {chosen['lr']:g}, B = {chosen['batch_size']}, {chosen['epochs']} epochs "
        f"({int(chosen['updates'])} updates, {chosen[SCORE]:.1%}).",
    ]
    return " ".join(sentences)


def _versus_sgd(seeds: pd.DataFrame, sgd: pd.DataFrame) -> dict[str, Any]:
    """Test accuracy minus plain SGD's, paired by seed (same initial weights and batches).

    ``vs_sgd`` reads the 95% interval of the mean difference: higher or lower when it
    excludes 0, else within noise.
    """
    paired = seeds.merge(sgd, on="seed", suffixes=("", "_sgd"))
    difference = paired["test_accuracy"] - paired["test_accuracy_sgd"]
    columns = interval_columns("test_accuracy_minus_sgd", difference.tolist(), (-1.0, 1.0))
    low, high = (
        columns["test_accuracy_minus_sgd_ci_low"],
        columns["test_accuracy_minus_sgd_ci_high"],
    )
    verdict = "higher" if low > 0 else "lower" if high < 0 else "within noise"
    return {**columns, "vs_sgd": verdict if len(difference) > 1 else "one seed"}


def results_table(
    final: pd.DataFrame, settings: Mapping[str, dict[str, Any]], note: str
) -> pd.DataFrame:
    """One row per optimizer at its chosen settings, best test accuracy first.

    ``final`` holds the runs of every seed at the chosen settings, read at the chosen epoch
    count; ``settings`` each optimizer's choice (rate, its grid and where it lies). Each
    other optimizer's test accuracy is compared with plain SGD's seed by seed. The
    plain-SGD row carries the grid's ``note``.
    """
    seeds = {
        optimizer: read_at_epochs(
            final[final["optimizer"] == optimizer], [chosen["run"]["max_passes"]]
        )
        for optimizer, chosen in settings.items()
    }
    sgd = seeds["sgd"][["seed", "test_accuracy"]]
    rows = []
    for optimizer, chosen in settings.items():
        cell = summarize(seeds[optimizer]).iloc[0]
        versus = _versus_sgd(seeds[optimizer], sgd) if optimizer != "sgd" else {"vs_sgd": ""}
        rows.append(
            {
                **cell.to_dict(),
                **versus,
                "optimizer_name": NAMES[optimizer],
                "lr_grid": ", ".join(f"{lr:g}" for lr in chosen["lr_grid"]),
                "lr_interior": chosen["lr_interior"],
                "lr_note": chosen["lr_note"],
                "tuning_validation_accuracy": chosen["tuning_validation_accuracy"],
                "tuning_seeds": chosen["tuning_seeds"],
                "grid_note": note if optimizer == "sgd" else "",
            }
        )
    table = pd.DataFrame(rows).sort_values("test_accuracy", ascending=False, kind="stable")
    table.insert(0, "rank", range(1, len(table) + 1))
    first = ["rank", "optimizer", "optimizer_name", "lr", "batch_size", "epochs"]
    return table[first + [c for c in table.columns if c not in first]].reset_index(drop=True)


def _percent(row: Any, metric: str) -> str:
    """A row's accuracy in percent with its 95% interval."""
    low, high = getattr(row, f"{metric}_ci_low"), getattr(row, f"{metric}_ci_high")
    return interval_text(getattr(row, metric), low, high, scale=100, unit="%")


def _difference(row: Any) -> str:
    """A row's paired test-accuracy difference to plain SGD in points, and its verdict."""
    if row.optimizer == "sgd":
        return "(reference)"
    low, high = row.test_accuracy_minus_sgd_ci_low, row.test_accuracy_minus_sgd_ci_high
    text = interval_text(row.test_accuracy_minus_sgd, low, high, spec="+.2f", scale=100)
    return f"{text} points: {row.vs_sgd}"


def markdown(table: pd.DataFrame) -> str:
    """The optimizers' table as Markdown, with each rate's place in its grid and the grid note."""
    header = ["rank", "optimizer", "learning rate (grid)", "batch size", "epochs"]
    header += ["validation accuracy [95% CI]", "test accuracy [95% CI]"]
    header += ["test minus SGD, paired [95% CI]", "train accuracy"]
    rows = [
        [
            row.rank,
            row.optimizer_name,
            f"{row.lr:g} ({row.lr_note})",
            row.batch_size,
            row.epochs,
            _percent(row, "validation_accuracy"),
            _percent(row, "test_accuracy"),
            _difference(row),
            number_text(row.train_accuracy, ".2f", scale=100, unit="%"),
        ]
        for row in table.itertuples()
    ]
    seeds = int(table["seeds"].min()) if len(table) else 0
    extra = "Intervals of accuracies are clipped to [0, 1]."
    note = " ".join(table.loc[table["optimizer"] == "sgd", "grid_note"])
    return f"{markdown_table(header, 'rllrrrrlr', rows)}\n{seeds_note(seeds, extra)}\n\n{note}\n"
