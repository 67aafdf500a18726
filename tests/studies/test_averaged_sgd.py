import math

import pandas as pd

from sgdlab.pipeline.plotting import METRICS
from sgdlab.studies.averaged_sgd import figures, tables


def _metrics():
    rows = []
    for activation in ("relu", "none"):
        for seed in (0, 1):
            for update, passes in ((0, 0.0), (5, 1.0), (10, 2.0)):
                value = update + seed + (100 if activation == "none" else 0)
                rows.append(
                    {
                        "activation": activation,
                        "seed": seed,
                        "update": update,
                        "passes": passes,
                        "lr": 1.0 + seed,
                        **{m: value for m in METRICS},
                        **{f"ema_{m}": -value for m in METRICS},
                    }
                )
    return pd.DataFrame(rows)


def test_long_metrics_puts_both_weights_in_one_column():
    frame = tables.long_metrics(_metrics())
    assert len(frame) == 2 * len(_metrics())
    averaged = frame[frame["weights"] == "averaged w̄"]
    assert (averaged["train_loss"] <= 0).all() and "ema_train_loss" not in frame


def test_final_table_takes_each_runs_last_point_and_adds_the_document():
    searches = {a: {"seeds": [0, 1], "divergent_lr": [2.0, 4.0]} for a in ("relu", "none")}
    table = tables.final_table(_metrics(), searches, {"train_loss": 0.28})
    trained = table[(table["network"] == "ReLU MLP") & (table["weights"] == "trained w")]
    assert trained["train_loss"].item() == 10.5  # mean of seeds 0 and 1 at update 10
    assert math.isclose(trained["train_loss_sd"].item(), math.sqrt(0.5))
    # t-interval with 1 dof: mean +- 12.706 * sd / sqrt(2) = 10.5 +- 6.353
    assert math.isclose(trained["train_loss_ci_high"].item(), 10.5 + 6.353, rel_tol=1e-4)
    assert trained["divergent_lr"].item() == 3.0 and trained["train_lr"].item() == 1.5
    assert table.iloc[-1]["train_loss"] == 0.28 and len(table) == 5
    assert "| 0.280 |" in tables.markdown(table)


def test_plot_grid_writes_png_and_pdf(tmp_path):
    figures.plot_grid(_metrics(), 1.0, tmp_path / "f.png", tmp_path / "f.pdf")
    assert (tmp_path / "f.png").stat().st_size > 0 and (tmp_path / "f.pdf").exists()


def test_final_table_clips_accuracy_intervals_to_one_and_losses_at_zero():
    metrics = _metrics().astype({m: float for m in METRICS})
    last = metrics["update"] == 10
    metrics.loc[last, "test_accuracy"] = [0.97, 0.99] * 2
    metrics.loc[last, "train_loss"] = [0.01, 0.5] * 2
    searches = {a: {"seeds": [0, 1], "divergent_lr": [2.0, 4.0]} for a in ("relu", "none")}
    table = tables.final_table(metrics, searches, {})
    trained = table[table["weights"] == "trained w"]
    assert trained["test_accuracy_ci_high"].eq(1.0).all()
    assert trained["train_loss_ci_low"].eq(0.0).all() and trained["train_loss_ci_high"].gt(3).all()


def test_the_legend_gives_each_networks_training_rate():
    labels = figures.network_labels(_metrics())
    assert labels == {
        "relu": "ReLU MLP: lr 1.5 (mean; seeds 1-2)",
        "none": "MLP without ReLU (linear): lr 1.5 (mean; seeds 1-2)",
    }
