"""A batched run killed with SIGKILL resumes from its checkpoint to exactly the same metrics."""

import os
import signal
import subprocess
import sys
import time

import pytest
import torch

from sgdlab.engine.checkpoint import CheckpointError
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train, train_replicates
from tests.conftest import ROOT, synthetic_data

SETTINGS = dict(
    model="mlp", hidden=(32,), batch_size=1, lr=0.01, seed=3, max_passes=12, log_every_passes=0.25
)
# Three replicates; seed 5's rate diverges early, so the batch also resumes a frozen one.
SEEDS, LRS = [3, 4, 5], [0.01, 0.02, 50.0]
CHILD = """
import sys
from pathlib import Path
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train_replicates
from tests.conftest import synthetic_data
settings = RunSettings(**{settings!r})
train_replicates(
    settings,
    {seeds!r},
    {lrs!r},
    synthetic_data(),
    Path(sys.argv[1]),
    checkpoint_every_passes=0.25,
    overrides={overrides!r},
)
"""
# Seed 4 as a group of its own that trains on to 24 passes: killed after the others ended
# at their 12 passes, the batch resumes with only that group running.
LONGER = [{}, {"max_passes": 24}, {}]


def _without_time(rows):
    return [{k: v for k, v in row.items() if k != "wall_time_s"} for row in rows]


@pytest.mark.parametrize(
    ("overrides", "kill_after", "killed_statuses"),
    [
        (None, 2 * 256, ["running", "running", "diverged"]),
        (LONGER, 13 * 256, ["completed", "running", "diverged"]),
    ],
    ids=["one-budget", "group-budget"],
)
def test_killed_batched_run_resumes_to_identical_metrics(
    tmp_path, overrides, kill_after, killed_statuses
):
    path = tmp_path / "checkpoint.pt"
    code = CHILD.format(settings=SETTINGS, seeds=SEEDS, lrs=LRS, overrides=overrides)
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        # The child imports this checkout's sources, not whatever install the venv points at.
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if path.exists() and torch.load(path, weights_only=True)["updates"] >= kill_after:
            break
        assert child.poll() is None, "child finished before it could be killed"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    saved = torch.load(path, weights_only=True)
    statuses = [replica["result"]["status"] for replica in saved["replicas"]]
    assert statuses == killed_statuses, "killed mid-run, one frozen"
    killed_at = saved["updates"]

    messages = []
    resumed = train_replicates(
        RunSettings(**SETTINGS),
        SEEDS,
        LRS,
        synthetic_data(),
        checkpoint_path=path,
        checkpoint_every_passes=0.25,
        log=messages.append,
        overrides=overrides,
    )
    assert any(f"at update {killed_at}" in m for m in messages)
    uninterrupted = train_replicates(
        RunSettings(**SETTINGS), SEEDS, LRS, synthetic_data(), overrides=overrides
    )
    assert [r.status for r in resumed] == ["completed", "completed", "diverged"]
    for a, b in zip(resumed, uninterrupted, strict=True):
        assert a.status == b.status and a.diverged_at_update == b.diverged_at_update
        assert _without_time(a.rows) == _without_time(b.rows)


def test_truncated_checkpoint_is_an_error_not_a_silent_restart(tmp_path):
    path = tmp_path / "checkpoint.pt"
    settings = RunSettings(**{**SETTINGS, "batch_size": 16, "max_passes": 1})
    train(settings, synthetic_data(), checkpoint_path=path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="delete it to restart"):
        train(settings, synthetic_data(), checkpoint_path=path)


def test_checkpoint_of_other_settings_is_not_resumed(tmp_path):
    path = tmp_path / "checkpoint.pt"
    first = RunSettings(**{**SETTINGS, "batch_size": 16, "max_passes": 1})
    train(first, synthetic_data(), checkpoint_path=path)
    second = RunSettings(**{**SETTINGS, "batch_size": 16, "max_passes": 1, "lr": 0.02})
    messages = []
    fresh = train(second, synthetic_data(), checkpoint_path=path, log=messages.append)
    assert any("other settings" in m for m in messages)
    assert _without_time(fresh.rows) == _without_time(train(second, synthetic_data()).rows)


def test_checkpoint_of_other_code_is_not_resumed(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.pt"
    settings = RunSettings(**{**SETTINGS, "batch_size": 16, "max_passes": 1})
    train(settings, synthetic_data(), checkpoint_path=path)
    monkeypatch.setattr("sgdlab.engine.settings.code_version", lambda: "a fixed engine")
    messages = []
    train(settings, synthetic_data(), checkpoint_path=path, log=messages.append)
    assert any("other settings or code" in m for m in messages)
    assert not any("resumed" in m for m in messages)
