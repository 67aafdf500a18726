"""The job wrapper: threads limited after NumPy is imported, usage written at the end."""

import json
import subprocess
import sys

import pytest

from sgdlab.pipeline.job import USAGE_PREFIX, read_usage
from tests.conftest import ROOT

SCRIPT = """
import numpy as np
from threadpoolctl import threadpool_info
from sgdlab.pipeline.job import job

with job({log!r}, 1):
    print("BLAS", max(pool["num_threads"] for pool in threadpool_info()))
    a = np.random.default_rng(0).random((600, 600))
    for _ in range(20):
        a = a @ a / 600
"""


def test_blas_pools_loaded_before_the_job_get_its_threads_and_usage_is_logged(tmp_path):
    log = tmp_path / "job.log"
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(log=str(log))],
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    text = log.read_text()
    assert "BLAS 1" in text, text
    last = text.splitlines()[-1]
    assert last.startswith(USAGE_PREFIX)
    used = read_usage(log)
    assert used == json.loads(last.removeprefix(USAGE_PREFIX))
    assert used["threads"] == 1 and 0 < used["cpu_s"] <= used["wall_s"] * 1.05
    assert used["max_rss_mb"] > 10


def test_a_log_without_usage_is_refused_with_its_name(tmp_path):
    log = tmp_path / "failed.log"
    log.write_text("Traceback ...\n")
    with pytest.raises(ValueError, match="failed.log has no usage line"):
        read_usage(log)
