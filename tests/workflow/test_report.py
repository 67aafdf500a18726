"""Report, provenance, compute cost and the committed rule graph."""

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sgdlab.pipeline.compute_cost import cost_table
from sgdlab.pipeline.fashion_mnist import FILES
from sgdlab.pipeline.job import USAGE_PREFIX
from sgdlab.pipeline.provenance import config_hash
from tests.conftest import QUICK, ROOT
from tests.workflow.helpers import copy_project, snakemake

CATALOG = ROOT / "docs/outputs.md"


def test_cost_table_takes_wall_time_from_the_benchmark_and_cpu_time_from_the_job(tmp_path):
    header = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
    benchmark = tmp_path / "b.tsv"
    # The benchmark's sampled CPU time (11.0) is not the job's; the usage line's is.
    benchmark.write_text(header + "12.5\t0:00:12\t800.5\t1\t1\t1\t0\t0\t90\t11.0\n")
    log = tmp_path / "b.log"
    usage = {"wall_s": 12.1, "cpu_s": 11.9, "max_rss_mb": 812.0, "threads": 1}
    log.write_text("training...\n" + USAGE_PREFIX + json.dumps(usage) + "\n")
    table = cost_table([("minibatch_train", "B4", benchmark, log)])
    assert table.to_dict("records") == [
        {
            "rule": "minibatch_train",
            "job": "B4",
            "wall_s": 12.5,
            "cpu_time_s": 11.9,
            "threads": 1,
            "cpu_per_wall": 11.9 / 12.5,
            "max_rss_mb": 812.0,
        }
    ]


def test_rule_graph_picture_matches_the_workflow(tmp_path):
    project = copy_project(tmp_path / "project")
    run = snakemake(project, "--rulegraph")
    assert run.returncode == 0, run.stderr
    rules = set(re.findall(r'label = "(\w+)"', run.stdout))
    drawn = set(re.findall(r">(\w+)</text>", (ROOT / "docs/rulegraph.svg").read_text()))
    assert rules and drawn == rules, "docs/rulegraph.svg is stale: run `make rulegraph`"


@pytest.mark.e2e
def test_report_holds_every_figure_and_table(quick_run):
    run = snakemake(quick_run, "--report", "results/report.html", *QUICK)
    assert run.returncode == 0, run.stderr[-3000:]
    html = (quick_run / "results/report.html").read_text()
    figures = {
        str(p.relative_to(quick_run)) for p in (quick_run / "results/figures").rglob("*.png")
    }
    catalog = set(re.findall(r"`snakemake -c all (results/figures/\S+\.png)`", CATALOG.read_text()))
    assert figures == catalog
    for name in [
        *(Path(f).name for f in figures),
        "autodiff_answers.csv",
        "minibatch_interpolation.csv",
        "augmentation_final_test_accuracy.csv",
        "provenance.json",
    ]:
        assert name in html, f"{name} missing from the report"
    assert "000_c9208c5f745f8f12.txt, section 2" in html
    assert (
        "Autodiff questions (000 section 1" in html and "002_8b264e80ed0c5d82.txt, part 1" in html
    )


@pytest.mark.e2e
def test_provenance_records_code_config_machine_and_data(quick_run):
    record = json.loads((quick_run / "results/provenance.json").read_text())
    assert record["config"]["data"]["subsample_fraction"] == 0.02
    assert record["config_sha256"] == config_hash(record["config"])
    assert set(record["git"]) == {"commit", "dirty"}
    assert record["packages"]["torch"] and record["machine"]["cpu_model"]
    for spec in FILES:
        data = (quick_run / "results/data/fashion-mnist" / spec.filename).read_bytes()
        assert record["dataset_md5"][spec.filename] == hashlib.md5(data).hexdigest()
    # Every run of the training engine records what produced it, beside its metrics.
    engine_studies = ("minibatch", "augmentation", "averaged_sgd", "optimizer_sweep")
    runs = [
        p.parent for s in engine_studies for p in (quick_run / "results/runs" / s).rglob("*.csv")
    ]
    assert len(runs) == 2 * 2 + 2 + 2 + (1 + 4)  # optimizer sweep: one grid rate, four finals
    for run_dir in runs:
        run_record = json.loads((run_dir / "provenance.json").read_text())
        assert run_record["config"]["seeds"] == [0, 1] and "machine" in run_record


@pytest.mark.e2e
def test_compute_cost_lists_every_search_and_training_job(quick_run):
    table = pd.read_csv(quick_run / "results/tables/compute_cost.csv")
    # The quick preset's compute jobs: two searches per MLP study, one job per setting
    # (its two seeds inside), one minibatch job per B (two factors of eta*_B inside).
    assert table["rule"].value_counts().to_dict() == {
        "lr_search": 2 + 2,
        "minibatch_train": 2,
        "augmentation_train": 2,
        "averaged_sgd_train": 2,
        "optimizer_sweep_grid": 1,
        "optimizer_sweep_final": 4,
        "linear_regression_whole_set": 1,
        "linear_regression_split": 1,
        "linear_regression_momentum": 1,
        "logreg_separability": 1,
        "logreg_path": 1,
        "logreg_restarts": 1,
        "logreg_unregularized": 1,
        "logreg_multiclass": 1,
        "minigrad_cost": 1,
        "minigrad_train": 2 * 2,
    }
    assert (table["wall_s"] > 0).all()
    # CPU time from getrusage inside each job: present, positive, not more than its threads
    # can burn in its wall time.
    assert (table["cpu_time_s"] > 0).all()
    assert (table["cpu_time_s"] <= 1.05 * table["wall_s"] * table["threads"]).all()
