import pandas as pd

from sgdlab.studies.optimizer_sweep import figures, tables


def _run(optimizer, lr, batch_size, accuracy_per_pass, seed=0):
    return pd.DataFrame(
        {
            "optimizer": optimizer,
            "lr": lr,
            "batch_size": batch_size,
            "seed": seed,
            "update": range(4),
            "passes": [0.0, 0.98, 2.01, 2.99],
            "test_accuracy": [0.1, *accuracy_per_pass],
            "train_accuracy": [0.1, *accuracy_per_pass],
        }
    )


def _grid():
    return pd.concat(
        [
            _run("sgd", 0.1, 16, [0.5, 0.7, 0.6]),
            _run("sgd", 0.01, 64, [0.3, 0.4, 0.5]),
        ],
        ignore_index=True,
    )


def test_grid_reads_each_epoch_count_at_the_nearest_logged_point():
    grid = tables.grid_table(_grid(), [1, 2])
    fast = grid[(grid["lr"] == 0.1) & (grid["epochs"] == 2)]
    assert fast["test_accuracy"].item() == 0.7 and fast["passes"].item() == 2.01
    assert len(grid) == 4


def test_best_setting_is_the_highest_test_accuracy():
    best = tables.best_setting(tables.grid_table(_grid(), [1, 2, 3]))
    assert (best["lr"], best["batch_size"], best["epochs"]) == (0.1, 16, 2)
    assert best["run"] == {"batch_size": 16, "max_passes": 2}


def test_results_table_is_sorted_best_first_with_every_optimizer():
    grid = tables.grid_table(_grid(), [3])
    others = pd.concat([_run("adam", 1e-3, 16, [0.6, 0.8, 0.9])], ignore_index=True)
    table = tables.results_table(grid, others)
    assert list(table["optimizer"]) == ["adam", "sgd", "sgd"]
    assert table["test_accuracy"].is_monotonic_decreasing and table.loc[0, "epochs"] == 3
    assert "| 1 | Adam | 0.001 | 16 | 3 | 90.00% |" in tables.markdown(table)


def test_figure_is_written(tmp_path):
    metrics = pd.concat([_grid(), _run("adam", 1e-3, 16, [0.6, 0.8, 0.9])])
    best = {"lr": 0.1, "batch_size": 16, "epochs": 2}
    figures.plot_optimizers(metrics, best, tmp_path / "f.png", tmp_path / "f.pdf")
    assert (tmp_path / "f.png").stat().st_size > 0 and (tmp_path / "f.pdf").exists()
