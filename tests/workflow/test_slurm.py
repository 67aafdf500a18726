"""The quick preset through `snakemake --profile profiles/slurm` on a real (local) SLURM.

CI starts a single-node cluster with tests/slurm/start_cluster.sh; elsewhere the test is
skipped unless `sinfo` answers.
"""

import re
import shutil
import subprocess
import time

import pandas as pd
import pytest
import yaml

from tests.conftest import QUICK, ROOT
from tests.workflow.helpers import SNAKEMAKE, copy_project, snakemake

pytestmark = [pytest.mark.slurm, pytest.mark.e2e]
# The rules the profile asks a GPU for (its set-resources), and those that go to SLURM with
# CPUs only (NumPy jobs, the LP check); every other rule is a localrule.
GPU_RULES = set(yaml.safe_load((ROOT / "profiles/slurm/config.yaml").read_text())["set-resources"])
CPU_RULES = {"minigrad_cost", "minigrad_train", "logreg_separability"}
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


# The quick preset with fewer jobs of the same rules (each SLURM job costs seconds of
# scheduling on a 2-CPU node): one minibatch batch size (both rate factors in its job),
# one averaged-SGD network, the synthetic minigrad runs. Every rule still goes through
# SLURM at least once.
SLURM_OVERLAY = {
    "minibatch": {"batch_sizes": [16]},
    "averaged_sgd": {"activations": ["relu"]},
    "minigrad": {"training": {"datasets": ["synthetic"]}},
}


@pytest.fixture(scope="module")
def slurm_run(tmp_path_factory, fashion_dir):
    if not _cluster_answers():
        pytest.skip("no SLURM cluster answers `sinfo` (start one: tests/slurm/start_cluster.sh)")
    project = copy_project(tmp_path_factory.mktemp("slurm"))
    # --verbose: Snakemake logs every sbatch call it makes, which the test reads back.
    run = snakemake(
        project,
        "--profile",
        "profiles/slurm",
        "--verbose",
        *LOCAL_CLUSTER,
        *QUICK,
        overlay=SLURM_OVERLAY,
        timeout=1200,
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-5000:]
    (project / "snakemake_output.txt").write_text(run.stdout + run.stderr)
    return project


def submitted_jobs(output: str) -> list[tuple[str, bool]]:
    """(rule, asked for a GPU) of every job Snakemake submitted, from its sbatch calls.

    Read from Snakemake's own record of what it submitted, not from ``scontrol show jobs``:
    SLURM forgets a finished job after MinJobAge (300 s by default), so the jobs that
    finished first were missing there on a cluster with SLURM's defaults.
    """
    jobs = []
    for call in re.findall(r"^.*sbatch call: (.*)$", output, flags=re.M):
        comment = re.search(r"--comment '?rule_(\w+?)(?:_wildcards_\S*?)?'?(?:\s|$)", call)
        assert comment, f"no rule comment in sbatch call: {call}"
        jobs.append((comment[1], bool(re.search(r"--gpus=(?:\w+:)?[1-9]", call))))
    return jobs


def test_gpu_jobs_were_submitted_to_slurm_with_a_gpu_request(slurm_run):
    output = (slurm_run / "snakemake_output.txt").read_text()
    jobs = submitted_jobs(output)
    # The rules of this run's DAG (the quick preset tunes no optimizer: no optimizer_sweep_tune).
    planned = set(re.findall(r"^(?:local)?rule (\w+):$", output, flags=re.M))
    assert len(planned & GPU_RULES) >= 6, planned
    expected = planned & (GPU_RULES | CPU_RULES)
    assert {rule for rule, _ in jobs} == expected, "aggregation and figures stay local"
    assert all(gpu == (rule in GPU_RULES) for rule, gpu in jobs)


def test_every_output_exists_and_metrics_equal_the_local_run(slurm_run, quick_run):
    """SLURM's runs equal the local quick preset's runs of the same settings."""
    for table in ("metrics/minibatch.csv", "metrics/augmentation.csv"):
        on_slurm = pd.read_csv(slurm_run / "results" / table).drop(
            columns="wall_time_s", errors="ignore"
        )
        local = pd.read_csv(quick_run / "results" / table).drop(
            columns="wall_time_s", errors="ignore"
        )
        if "lr_factor" in local:
            local = local[local["batch_size"] == 16].reset_index(drop=True)
        assert len(on_slurm) > 0
        pd.testing.assert_frame_equal(on_slurm, local)
    figures = sorted(p.name for p in (slurm_run / "results/figures").rglob("*.png"))
    assert figures == sorted(p.name for p in (quick_run / "results/figures").rglob("*.png"))
    assert len(figures) >= 16


def _running_job(workdir) -> str | None:
    """Id of the RUNNING SLURM job whose working directory is ``workdir``, if any."""
    listing = subprocess.run(
        ["scontrol", "show", "jobs", "-o"], capture_output=True, text=True
    ).stdout
    for line in listing.splitlines():
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if fields.get("WorkDir") == str(workdir) and fields.get("JobState") == "RUNNING":
            return fields["JobId"]
    return None


def test_requeued_training_job_resumes_to_the_metrics_of_an_uninterrupted_run(
    tmp_path, fashion_dir
):
    """`scontrol requeue` of a running training job, as a preemption does: same final metrics."""
    if not _cluster_answers():
        pytest.skip("no SLURM cluster answers `sinfo` (start one: tests/slurm/start_cluster.sh)")
    overlay = {"augmentation": {"max_passes": 8, "stop_at_interpolation": False}}
    target = "results/runs/augmentation/train-clean/metrics.csv"
    local = copy_project(tmp_path / "local")
    run = snakemake(local, target, *QUICK, overlay=overlay)
    assert run.returncode == 0, run.stderr[-3000:]

    project = copy_project(tmp_path / "slurm")
    (project / "overlay.yaml").write_text(yaml.safe_dump(overlay))
    command = [SNAKEMAKE, "--cores", "2", "--profile", "profiles/slurm", *LOCAL_CLUSTER, target]
    command += [*QUICK, str(project / "overlay.yaml")]
    process = subprocess.Popen(
        command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    checkpoint = project / "results/runs/augmentation/train-clean/checkpoint.pt"
    requeued = None
    deadline = time.monotonic() + 600
    while requeued is None and process.poll() is None and time.monotonic() < deadline:
        job = _running_job(project)
        if job is not None and checkpoint.exists():
            subprocess.run(["scontrol", "requeue", job], check=True)
            requeued = job
            # SLURM holds a requeued job for two minutes before it may start again, and an
            # update while it is still completing is overwritten: release it once pending.
            for _ in range(100):
                state = subprocess.run(
                    ["squeue", "-h", "-j", job, "-o", "%T"], capture_output=True, text=True
                ).stdout.strip()
                if state == "PENDING":
                    update = ["scontrol", "update", f"JobId={job}", "StartTime=now"]
                    subprocess.run(update, capture_output=True)
                    break
                time.sleep(0.2)
        time.sleep(0.2)
    output, _ = process.communicate(timeout=900)
    assert requeued is not None, "the training job finished before it could be requeued"
    assert process.returncode == 0, output[-5000:]
    log = (project / "results/logs/augmentation/train-clean.log").read_text()
    assert "resumed from" in log
    columns = {"columns": "wall_time_s", "errors": "ignore"}
    pd.testing.assert_frame_equal(
        pd.read_csv(project / target).drop(**columns), pd.read_csv(local / target).drop(**columns)
    )
