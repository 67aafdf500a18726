"""The real pipeline on the real data: the quick preset end to end in a temporary copy."""

import gzip
import json
import os
import shutil
import signal
import subprocess
import time

import pandas as pd
import pytest
import torch

from sgdlab.pipeline.fashion_mnist import FILES
from sgdlab.studies import (
    augmentation,
    autodiff,
    averaged_sgd,
    linear_regression,
    logreg,
    minibatch,
    minigrad,
    optimizer_sweep,
)
from tests.conftest import QUICK
from tests.workflow.helpers import SNAKEMAKE, copy_project, job_counts, snakemake

pytestmark = pytest.mark.e2e
# Studies whose output names (FIGURES, TABLES) their package defines.
TRAINING_STUDIES = {
    "minibatch": minibatch,
    "augmentation": augmentation,
    "averaged_sgd": averaged_sgd,
    "optimizer_sweep": optimizer_sweep,
}

# Studies whose figures need no training run of the engine; minigrad's FIGURES and TABLES
# leave out those of its training groups (one each per config group).
OTHER_STUDIES = {
    "autodiff": autodiff,
    "minigrad": minigrad,
    "linear_regression": linear_regression,
    "logreg": logreg,
}


@pytest.fixture
def finished(quick_run):
    return quick_run


def test_every_figure_and_table_exists(finished):
    figures = finished / "results/figures"
    for study, names in {**TRAINING_STUDIES, **OTHER_STUDIES}.items():
        for name in names.FIGURES:
            for ext in ("png", "pdf"):
                assert (figures / study / f"{name}.{ext}").stat().st_size > 5000
        for table in names.TABLES:
            assert (finished / "results/tables" / table).is_file()


def test_autodiff_answers_all_agree_on_the_real_pipeline(finished):
    answers = pd.read_csv(finished / "results/tables/autodiff_answers.csv")
    assert len(answers) >= 60 and answers["agrees"].all()
    with_document = answers.dropna(subset=["document_value"])
    assert with_document["matches_document"].all()
    step = pd.read_csv(finished / "results/runs/autodiff/step_training.csv")
    assert (step.loc[step["loss"] == "step", "max_weight_change"] == 0).all()


def test_minigrad_tables_on_the_real_pipeline(finished):
    tables = finished / "results/tables"
    assert pd.read_csv(tables / "minigrad_op_checks.csv")["agrees"].all()
    for row in pd.read_csv(tables / "minigrad_source_lines.csv").itertuples():
        line = (finished / row.file).read_text().splitlines()[row.line - 1]
        assert line.strip() == row.source, row.key
    slopes = pd.read_csv(tables / "minigrad_cost_slopes.csv")
    assert {"one_derivative_forward_T", "memory_reverse_T", "gradient_forward_batched_d"} <= set(
        slopes["key"]
    )
    activation = pd.read_csv(tables / "minigrad_activation.csv")
    for row in activation.itertuples():
        assert f"{row.lr:.4g}" in row.lrs_tried.split("; ")
        assert 0 <= row.final_test_accuracy_ci_low <= row.final_test_accuracy_ci_high <= 1
    assert (activation.loc[activation["variant"] == "sigmoid", "verdict"] != "baseline").all()


def test_minibatch_tables(finished):
    metrics = pd.read_csv(finished / "results/metrics/minibatch.csv")
    assert sorted(metrics["batch_size"].unique()) == [4, 16]
    assert sorted(metrics["lr_factor"].unique()) == [0.25, 0.5]
    assert sorted(metrics["seed"].unique()) == [0, 1], "the quick preset's two seeds"
    last = metrics[metrics["lr_factor"] == 0.5].groupby("batch_size")["update"].max()
    assert last[4] == 2 * 1200 // 4 and last[16] == 2 * 1200 // 16
    # The runs at eta*/4 train on to interpolation or the preset's cap of 4 passes, in the
    # same job; the 50-pass tables read their first 2 passes.
    continued = metrics[metrics["lr_factor"] == 0.25].groupby(["batch_size", "seed"])
    assert (continued["passes"].max() > 2).all() and (continued["passes"].max() <= 4).all()
    reached = pd.read_csv(finished / "results/tables/minibatch_interpolation_reached.csv")
    assert reached["batch_size"].tolist() == [4, 16] and (reached["max_passes"] == 4).all()
    assert "passes_to_100%" in reached and "passess_to_100%" not in reached
    table = pd.read_csv(finished / "results/tables/minibatch_interpolation.csv")
    assert table["final_passes"].max() == 2, "the 50-pass view ends at the budget"
    assert len(table) == 2 * 2 * 2, "factor x batch size x seed"
    expected = table["lr_factor"] * table["divergent_lr"]
    assert table["train_lr"].to_numpy() == pytest.approx(expected.to_numpy())
    main = table[table["lr_factor"] == 0.5]
    # Every run at eta*/2 learns (chance is 0.1); after the quick preset's two passes one
    # seed of B = 4 is still at 0.40 on an Intel Xeon (numerics differ between CPUs).
    assert (main["final_train_accuracy"] > 0.3).all(), "runs at eta*/2 learn"
    # Each seed has its own search, and trains at the factor times its own eta*_B.
    searches = [
        json.loads(p.read_text()) for p in (finished / "results/runs/lr_search/mlp-64").iterdir()
    ]
    assert len(searches) == 2 and all(s["seeds"] == [0, 1] for s in searches)
    scaling = pd.read_csv(finished / "results/tables/minibatch_scaling.csv")
    assert scaling.loc[scaling["quantity"] == "divergent_lr", "points"].item() == 4


def test_augmentation_tables_have_four_settings_from_two_runs(finished):
    runs = sorted(p.name for p in (finished / "results/runs/augmentation").iterdir())
    assert runs == ["train-augmented", "train-clean"], "one job per model, seeds inside"
    settings = pd.read_csv(finished / "results/metrics/augmentation.csv")
    assert settings["setting"].nunique() == 4
    table = pd.read_csv(finished / "results/tables/augmentation_final_test_accuracy.csv")
    assert len(table) == 4 and table["final_test_accuracy_mean"].between(0.3, 1).all()
    assert (table["seeds"] == 2).all() and table["final_test_accuracy_ci_low"].notna().all()
    clean = settings[settings["setting"] == "no augmentation"].reset_index(drop=True)
    voted = settings[settings["setting"] == "test-time augmentation only"].reset_index(drop=True)
    pd.testing.assert_series_equal(clean["train_loss"], voted["train_loss"])


def test_second_run_has_nothing_to_do(finished):
    run = snakemake(finished, *QUICK, "-n")
    assert run.returncode == 0
    assert "Nothing to be done" in run.stdout + run.stderr


def test_deleted_figure_reruns_only_its_figure_job(finished):
    target = "results/figures/minibatch/updates_to_interpolation.png"
    (finished / target).unlink()
    # The target goes before --configfile, which takes several values.
    run = snakemake(finished, "-n", target, *QUICK)
    assert job_counts(run.stdout) == {"minibatch_figures": 1}
    assert snakemake(finished, target, *QUICK).returncode == 0
    assert (finished / target).is_file()


def test_corrupted_data_stops_the_run_before_training(tmp_path, fashion_dir):
    source = tmp_path / "fashion"
    source.mkdir()
    for spec in FILES:
        shutil.copyfile(fashion_dir / spec.filename, source / spec.filename)
    spec = FILES[0]
    raw = bytearray(gzip.decompress((source / spec.filename).read_bytes()))
    raw[5000] ^= 0x01
    (source / spec.filename).write_bytes(gzip.compress(bytes(raw)))
    project = copy_project(tmp_path / "project")
    run = snakemake(project, *QUICK, overlay={"data": {"source": str(source)}})
    message = run.stdout + run.stderr
    assert run.returncode != 0
    assert spec.filename in message and "checksum mismatch" in message and spec.raw_md5 in message
    # Nothing that reads the data ran; jobs that do not (synthetic data, autodiff figures)
    # may have finished beside the failing data job, and their outputs are kept.
    assert not any((project / "results/data").rglob("*.gz"))
    assert not (project / "results/data/subsample").exists()
    runs = project / "results/runs"
    assert not [p for p in runs.rglob("metrics.csv") if "synthetic" not in p.parts]


def test_killed_training_job_resumes_to_the_same_metrics(tmp_path, quick_run):
    """SIGKILL snakemake and its job mid-run, run again: the job resumes from its checkpoint."""
    project = copy_project(tmp_path / "project")
    run_dir = project / "results/runs/augmentation/train-augmented"
    target = str(run_dir.relative_to(project) / "metrics.csv")
    command = [SNAKEMAKE, "--cores", "1", target, *QUICK]
    job = subprocess.Popen(
        command,
        cwd=project,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    checkpoint = run_dir / "checkpoint.pt"
    deadline = time.monotonic() + 300
    while not (checkpoint.exists() and torch.load(checkpoint, weights_only=True)["updates"] > 0):
        assert job.poll() is None and time.monotonic() < deadline, "job ended before a checkpoint"
        time.sleep(0.2)
    os.killpg(job.pid, signal.SIGKILL)
    job.wait()
    saved = torch.load(checkpoint, weights_only=True)
    statuses = {replica["result"]["status"] for replica in saved["replicas"]}
    assert statuses == {"running"} and not (run_dir / "metrics.csv").exists()

    assert snakemake(project, "--unlock", *QUICK).returncode == 0
    rerun = snakemake(project, target, *QUICK)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    log = (project / "results/logs/augmentation/train-augmented.log").read_text()
    assert f"at update {saved['updates']}" in log
    resumed = pd.read_csv(project / target).drop(columns="wall_time_s")
    uninterrupted = pd.read_csv(quick_run / target).drop(columns="wall_time_s")
    pd.testing.assert_frame_equal(resumed, uninterrupted)
