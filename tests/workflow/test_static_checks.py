"""The workflow's static checks, config validation and DAG shape (dry runs, no training)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.workflow.helpers import copy_project, job_counts, snakemake

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("project"))


def test_snakemake_lint_reports_nothing(project):
    run = snakemake(project, "--lint")
    assert run.returncode == 0, run.stderr
    assert "Lints for" not in run.stdout + run.stderr
    assert "Congratulations" in run.stdout + run.stderr


def test_snakemake_files_are_snakefmt_formatted():
    run = subprocess.run(
        [BIN / "snakefmt", "--check", "Snakefile", "workflow"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


def test_python_is_ruff_clean():
    for command in (["check"], ["format", "--check"]):
        run = subprocess.run(
            [BIN / "ruff", *command, "src", "scripts", "tests", "bench"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stdout + run.stderr


def test_conda_environment_has_the_same_pins_as_requirements():
    pins = {
        line.strip()
        for line in (ROOT / "envs/requirements.txt").read_text().splitlines()
        if line and line[0].isalpha()
    }
    env = yaml.safe_load((ROOT / "envs/sgdlab.yaml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert set(pip) == pins


@pytest.mark.parametrize(
    ("overlay", "key"),
    [
        ({"data": {"subsample_fraction": 1.5}}, "subsample_fraction"),
        ({"data": {"subsample_fraction": 0}}, "subsample_fraction"),
        ({"minibatch": {"batch_sizes": [4, 0]}}, "batch_sizes"),
        ({"minibatch": {"model": {"name": "resnet", "hidden": [64]}}}, "name"),
        ({"augmentation": {"transforms": ["crop", "flip"]}}, "transforms"),
        ({"data": {"source": "/nonexistent/fashion"}}, "data.source"),
        ({"minibatch": {"model": {"name": "mlp", "hidden": []}}}, "minibatch.model.hidden"),
        ({"device": "tpu"}, "device"),
    ],
)
def test_bad_config_stops_before_any_job_naming_the_key(project, overlay, key):
    run = snakemake(project, "-n", overlay=overlay)
    message = run.stdout + run.stderr
    assert run.returncode != 0
    assert key in message, message[-2000:]
    assert "Job stats" not in message


def test_full_protocol_dag_has_one_job_per_configuration_whatever_the_seeds(project):
    run = snakemake(project, "-n", overlay={"seeds": [0, 1, 2]})
    assert run.returncode == 0, run.stderr
    counts = job_counts(run.stdout)
    assert counts["augmentation_train"] == 2
    # One job per B, its rate factors (1/2, 1/4, 1/8) and seeds inside.
    assert counts["minibatch_train"] == 5
    # One search per (model, B): five for the minibatch MLP, one per averaged-SGD network.
    assert counts["lr_search"] == 5 + 2
    assert counts["averaged_sgd_train"] == 2
    # One job draws every figure of the study.
    assert counts["minibatch_figures"] == 1


def test_single_figure_needs_only_its_own_jobs(project):
    run = snakemake(project, "-n", "results/figures/minibatch/updates_to_interpolation.png")
    assert run.returncode == 0, run.stderr
    assert job_counts(run.stdout) == {
        "fetch_data": 1,
        "subsample": 1,
        "lr_search": 5,
        "minibatch_train": 5,
        "minibatch_aggregate": 1,
        "minibatch_figures": 1,
    }


def test_output_catalog_lists_exactly_the_final_outputs(project):
    run = snakemake(project, "-n", "--forceall")
    assert run.returncode == 0, run.stderr
    finals = re.search(r"(?:local)?rule all:\n\s+input: (.*)\n", run.stdout).group(1).split(", ")
    finals = {p for p in finals if not p.endswith(".pdf")}
    listed = (ROOT / "docs/outputs.md").read_text()
    catalog = set(re.findall(r"`snakemake -c all (results/\S+)`", listed))
    assert catalog == finals
