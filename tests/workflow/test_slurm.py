"""The quick preset through `snakemake --profile profiles/slurm` on a real (local) SLURM.

CI starts a single-node cluster with tests/slurm/start_cluster.sh; elsewhere the test is
skipped unless `sinfo` answers.
"""

import shutil
import subprocess

import pandas as pd
import pytest

from tests.conftest import QUICK
from tests.workflow.helpers import copy_project, snakemake

pytestmark = [pytest.mark.slurm, pytest.mark.e2e]
GPU_RULES = {"lr_search", "minibatch_train", "augmentation_train"}
# What the local single-node cluster needs: no accounting database (status from squeue)
# and short waits.
LOCAL_CLUSTER = (
    "--slurm-status-command",
    "squeue",
    "--slurm-init-seconds-before-status-checks",
    "2",
    "--latency-wait",
    "5",
)


def _cluster_answers() -> bool:
    if shutil.which("sinfo") is None:
        return False
    return subprocess.run(["sinfo"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def slurm_run(tmp_path_factory, fashion_dir):
    if not _cluster_answers():
        pytest.skip("no SLURM cluster answers `sinfo` (start one: tests/slurm/start_cluster.sh)")
    project = copy_project(tmp_path_factory.mktemp("slurm"))
    run = snakemake(project, "--profile", "profiles/slurm", *LOCAL_CLUSTER, *QUICK, timeout=1200)
    assert run.returncode == 0, (run.stdout + run.stderr)[-5000:]
    return project


def _slurm_jobs(workdir):
    """(rule, TRES per job) of the SLURM jobs whose working directory is ``workdir``."""
    listing = subprocess.run(
        ["scontrol", "show", "jobs", "-o"], capture_output=True, text=True
    ).stdout
    jobs = []
    for line in listing.splitlines():
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if fields.get("WorkDir") == str(workdir):
            rule = fields.get("Comment", "").removeprefix("rule_").split("_wildcards_")[0]
            jobs.append((rule, fields.get("TresPerJob", "")))
    return jobs


def test_gpu_jobs_were_submitted_to_slurm_with_a_gpu_request(slurm_run):
    jobs = _slurm_jobs(slurm_run)
    assert {rule for rule, _ in jobs} == GPU_RULES, "aggregation and figures stay local"
    assert len(jobs) == 2 + 2 + 2
    assert all("gpu:1" in tres for _, tres in jobs)


def test_every_output_exists_and_metrics_equal_the_local_run(slurm_run, quick_run):
    for table in ("metrics/minibatch.csv", "metrics/augmentation.csv"):
        on_slurm = pd.read_csv(slurm_run / "results" / table).drop(
            columns="wall_time_s", errors="ignore"
        )
        local = pd.read_csv(quick_run / "results" / table).drop(
            columns="wall_time_s", errors="ignore"
        )
        pd.testing.assert_frame_equal(on_slurm, local)
    figures = sorted(p.name for p in (slurm_run / "results/figures").rglob("*.png"))
    assert figures == sorted(p.name for p in (quick_run / "results/figures").rglob("*.png"))
    assert len(figures) == 16
