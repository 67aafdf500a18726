"""A run killed with SIGKILL resumes from its checkpoint to exactly the same metrics."""

import os
import signal
import subprocess
import sys
import time

import pytest
import torch

from sgdlab.engine.checkpoint import CheckpointError
from sgdlab.engine.training import RunSpec, train
from tests.conftest import ROOT, synthetic_data

SPEC = dict(
    model="mlp", hidden=(32,), batch_size=1, lr=0.01, seed=3, max_passes=12, log_every_passes=0.25
)
CHILD = """
import sys
from pathlib import Path
from sgdlab.engine.training import RunSpec, train
from tests.conftest import synthetic_data
spec = RunSpec(**{spec!r})
train(spec, synthetic_data(), checkpoint_path=Path(sys.argv[1]), checkpoint_every_passes=0.25)
"""


def _without_time(rows):
    return [{k: v for k, v in row.items() if k != "wall_time_s"} for row in rows]


def test_killed_run_resumes_to_identical_metrics(tmp_path):
    path = tmp_path / "checkpoint.pt"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(spec=SPEC), str(path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if path.exists() and torch.load(path, weights_only=True)["result"]["updates"] >= 2 * 256:
            break
        assert child.poll() is None, "child finished before it could be killed"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    saved = torch.load(path, weights_only=True)
    assert saved["result"]["status"] == "running", "killed mid-run"
    killed_at = saved["result"]["updates"]

    messages = []
    resumed = train(
        RunSpec(**SPEC),
        synthetic_data(),
        checkpoint_path=path,
        checkpoint_every_passes=0.25,
        log=messages.append,
    )
    assert any(f"at update {killed_at}" in m for m in messages)
    uninterrupted = train(RunSpec(**SPEC), synthetic_data())
    assert resumed.status == uninterrupted.status == "completed"
    assert _without_time(resumed.rows) == _without_time(uninterrupted.rows)


def test_truncated_checkpoint_is_an_error_not_a_silent_restart(tmp_path):
    path = tmp_path / "checkpoint.pt"
    spec = RunSpec(**{**SPEC, "batch_size": 16, "max_passes": 1})
    train(spec, synthetic_data(), checkpoint_path=path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="delete it to restart"):
        train(spec, synthetic_data(), checkpoint_path=path)


def test_checkpoint_of_other_settings_is_not_resumed(tmp_path):
    path = tmp_path / "checkpoint.pt"
    first = RunSpec(**{**SPEC, "batch_size": 16, "max_passes": 1})
    train(first, synthetic_data(), checkpoint_path=path)
    second = RunSpec(**{**SPEC, "batch_size": 16, "max_passes": 1, "lr": 0.02})
    messages = []
    fresh = train(second, synthetic_data(), checkpoint_path=path, log=messages.append)
    assert any("other settings" in m for m in messages)
    assert _without_time(fresh.rows) == _without_time(train(second, synthetic_data()).rows)


def test_checkpoint_of_other_code_is_not_resumed(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.pt"
    spec = RunSpec(**{**SPEC, "batch_size": 16, "max_passes": 1})
    train(spec, synthetic_data(), checkpoint_path=path)
    monkeypatch.setattr("sgdlab.engine.training.code_version", lambda: "a fixed engine")
    messages = []
    train(spec, synthetic_data(), checkpoint_path=path, log=messages.append)
    assert any("other settings or code" in m for m in messages)
    assert not any("resumed" in m for m in messages)
