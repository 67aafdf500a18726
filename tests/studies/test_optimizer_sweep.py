import math

import pandas as pd
import pytest

from sgdlab.studies.optimizer_sweep import figures, selection, tables

N = 1000  # training images of the synthetic runs


def _run(optimizer, lr, batch_size, validation, test=None, seed=0, passes=None):
    """Rows of one run: epoch e has validation[e - 1] (and test[e - 1]); update 0 is chance."""
    epochs = len(validation)
    passes = passes or [e - 0.002 * (e > 0) for e in range(epochs + 1)]
    frame = pd.DataFrame(
        {
            "optimizer": optimizer,
            "lr": lr,
            "batch_size": batch_size,
            "seed": seed,
            "passes": passes,
            "update": [round(p * N / batch_size) for p in passes],
            "validation_accuracy": [0.1, *validation],
            "train_accuracy": [0.1, *validation],
        }
    )
    if test is not None:
        frame["test_accuracy"] = [0.1, *test]
    return frame


def _grid(test=False):
    """A 2 x 2 x 5 grid, two seeds: the best score (3-epoch mean) at lr 0.1, B 16, epoch 3."""
    curves = {
        (0.01, 16): [0.70, 0.76, 0.78, 0.79, 0.80],
        (0.1, 16): [0.80, 0.84, 0.86, 0.85, 0.83],
        (0.01, 64): [0.60, 0.65, 0.70, 0.72, 0.74],
        (0.1, 64): [0.70, 0.80, 0.84, 0.84, 0.845],
    }
    runs = []
    for (lr, batch_size), curve in curves.items():
        for seed, shift in ((0, 0.005), (1, -0.005)):
            validation = [v + shift for v in curve]
            # The test set prefers another setting: lr 0.01, B 64.
            test_curve = [0.9 if (lr, batch_size) == (0.01, 64) else 0.5] * 5
            runs.append(_run("sgd", lr, batch_size, validation, test_curve if test else None, seed))
    return pd.concat(runs, ignore_index=True)


def test_runs_are_read_at_whole_epochs_they_reached():
    run = _run("sgd", 0.1, 64, [0.5, 0.6, 0.7], passes=[0, 0.998, 1.997, 2.5])
    rows = selection.read_at_epochs(run, [1, 2, 3])
    assert list(rows["epochs"]) == [1, 2], "2.5 passes is not epoch 3 (it stopped there)"
    assert list(rows["validation_accuracy"]) == [0.5, 0.6]


def test_grid_scores_three_epoch_means_and_marks_best_noise_band_and_cheapest():
    grid = selection.grid_table(_grid(), max_epochs=5, validation_images=1000)
    assert len(grid) == 20 and set(grid["seeds"]) == {2}
    curve = grid[(grid["lr"] == 0.1) & (grid["batch_size"] == 16)]
    expected = [0.82, (0.80 + 0.84 + 0.86) / 3, 0.85, (0.86 + 0.85 + 0.83) / 3, 0.84]
    assert list(curve[selection.SCORE]) == pytest.approx(expected)
    best = grid[grid["best"]].iloc[0]
    assert (best["lr"], best["batch_size"], best["epochs"]) == (0.1, 16, 3)
    se = math.sqrt(0.86 * 0.14 / 1000 + 0.005**2 * 2 / 2)
    assert best["validation_se"] == pytest.approx(se)
    near = grid[grid["within_noise"]]
    assert set(zip(near["lr"], near["batch_size"], near["epochs"], strict=True)) == {
        (0.1, 16, 3),
        (0.1, 16, 4),
        (0.1, 16, 5),
        (0.1, 64, 4),
        (0.1, 64, 5),
    }
    chosen = grid[grid["chosen"]].iloc[0]
    assert (chosen["lr"], chosen["batch_size"], chosen["epochs"]) == (0.1, 64, 4)
    setting = selection.chosen_setting(grid, [0.01, 0.1])
    assert setting["run"] == {"batch_size": 64, "max_passes": 4} and setting["lr"] == 0.1


def test_the_choice_is_made_on_validation_not_test_accuracy():
    metrics = _grid(test=True)
    grid = selection.grid_table(metrics, max_epochs=5, validation_images=1000)
    assert "test_accuracy" in grid, "the test column is carried but never read to choose"
    assert grid.loc[grid["test_accuracy"].idxmax(), "lr"] == 0.01
    for mark in ("best", "chosen"):
        assert grid.loc[grid[mark], "lr"].item() == 0.1
    cells = selection.end_cells(metrics[metrics["batch_size"] == 64], 4)
    assert selection.choose_rate(cells, [0.01, 0.1])["lr"] == 0.1


def test_a_seed_lost_to_divergence_makes_a_setting_ineligible():
    metrics = _grid()
    lost = (metrics["lr"] == 0.01) & (metrics["batch_size"] == 64) & (metrics["seed"] == 1)
    metrics.loc[lost & (metrics["passes"] > 2.5), "passes"] = 2.5
    grid = selection.grid_table(metrics, max_epochs=5, validation_images=1000)
    cell = grid[(grid["lr"] == 0.01) & (grid["batch_size"] == 64) & (grid["epochs"] == 3)]
    assert cell["seeds"].item() == 1 and cell["diverged_seeds"].item() == 1
    assert not cell["within_noise"].item()


def test_a_rate_that_diverged_at_once_stays_in_the_grid():
    metrics = pd.concat(
        [_grid(), _run("sgd", 1.0, 16, [0.1] * 5, passes=[0.0] + [0.3] * 5)],
        ignore_index=True,
    ).drop_duplicates(["lr", "batch_size", "seed", "passes"])
    grid = selection.grid_table(metrics, max_epochs=5, validation_images=1000)
    lost = grid[grid["lr"] == 1.0]
    assert len(lost) == 5 and (lost["seeds"] == 0).all()
    assert lost["validation_accuracy"].isna().all()
    assert "In lr the best lies" not in tables.grid_note(grid), "0.1 is now inside 0.01-1"


@pytest.mark.parametrize(
    "best_lr, expected",
    [(0.01, "interior of 0.001-0.1"), (0.1, "highest of 0.001-0.1: flagged")],
)
def test_tuned_rate_is_interior_or_flagged(best_lr, expected):
    rates = (0.001, 0.01, 0.1)
    cells = pd.DataFrame(
        {
            "lr": rates,
            selection.SCORE: [0.8 + 0.05 * (lr == best_lr) for lr in rates],
            "seeds": 2,
        }
    )
    choice = selection.choose_rate(cells, rates)
    assert choice["lr"] == best_lr and choice["lr_note"].startswith(expected)
    assert choice["lr_interior"] == (best_lr == 0.01)
    untuned = selection.untuned_rate(0.05)
    assert not untuned["lr_interior"] and untuned["lr_note"] == "one rate, not tuned"


def test_grid_note_says_where_the_best_lies_and_why():
    grid = selection.grid_table(_grid(), max_epochs=5, validation_images=1000)
    note = tables.grid_note(grid)
    assert "85.0% at lr 0.1, B = 16, 3 epochs" in note and "is interior in epochs (1-5)" in note
    # lr 0.1 is the highest rate at B = 16; lr 0.01 there scores 5.5 points lower.
    assert "In lr the best lies at the highest value (0.1)" in note
    assert "5.5 points lower, more than one standard error" in note
    # B = 16 is the smallest B; B = 64 scores 0.75 points lower: within noise, flat.
    assert "In B the best lies at the lowest value (16)" in note
    assert "0.7 points lower, within one standard error" in note
    assert "5 of 20 settings lie within one standard error" in note
    assert "lr 0.1, B = 64, 4 epochs" in note


def _final():
    runs = []
    accuracies = {"sgd": (0.84, 0.85), "adam": (1.0, 0.6), "momentum": (0.86, 0.87)}
    for optimizer, values in accuracies.items():
        for seed, value in enumerate(values):
            runs.append(_run(optimizer, 0.01, 64, [0.8, value], [0.8, value], seed=seed))
    return pd.concat(runs, ignore_index=True)


def _settings():
    choice = selection.choose_rate(
        pd.DataFrame({"lr": [0.001, 0.01, 0.1], selection.SCORE: [0.8, 0.9, 0.8], "seeds": 2}),
        [0.001, 0.01, 0.1],
    )
    return {
        name: {"run": {"batch_size": 64, "max_passes": 2}, **choice}
        for name in ("sgd", "adam", "momentum")
    }


def test_results_table_ranks_optimizers_with_intervals_inside_unit_range():
    table = tables.results_table(_final(), _settings(), note="the note")
    assert list(table["optimizer"]) == ["momentum", "sgd", "adam"]
    assert list(table["rank"]) == [1, 2, 3] and set(table["epochs"]) == {2}
    for metric in ("validation_accuracy", "test_accuracy"):
        assert (table[f"{metric}_ci_low"] >= 0).all() and (table[f"{metric}_ci_high"] <= 1).all()
    adam = table[table["optimizer"] == "adam"].iloc[0]
    assert adam["test_accuracy_ci_high"] == 1.0, "the t-interval (0.8 +- 2.5) is clipped"
    assert table.loc[table["optimizer"] == "sgd", "grid_note"].item() == "the note"
    versus = dict(zip(table["optimizer"], table["vs_sgd"], strict=True))
    assert versus == {"momentum": "higher", "sgd": "", "adam": "within noise"}
    momentum = table[table["optimizer"] == "momentum"].iloc[0]
    assert momentum["test_accuracy_minus_sgd"] == pytest.approx(0.02)
    text = tables.markdown(table)
    assert "| 1 | SGD + momentum | 0.01 (interior of 0.001-0.1) | 64 | 2 |" in text
    assert "+2.00 [+2.00, +2.00] points: higher" in text
    assert text.rstrip().endswith("the note")


def test_figures_are_written(tmp_path):
    grid = selection.grid_table(_grid(), max_epochs=5, validation_images=1000)
    table = tables.results_table(_final(), _settings(), note="")
    for name, draw, args in (
        ("grid", figures.plot_grid, (grid,)),
        ("final", figures.plot_final, (table, _final())),
        ("curves", figures.plot_curves, (table, _final())),
    ):
        draw(*args, tmp_path / f"{name}.png", tmp_path / f"{name}.pdf")
        assert (tmp_path / f"{name}.png").stat().st_size > 0 and (tmp_path / f"{name}.pdf").exists()
