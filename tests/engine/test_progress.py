"""Progress lines of a training job's log: one line per redraw, with passes and tqdm's ETA."""

from sgdlab.engine import progress
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train_replicates
from tests.conftest import synthetic_data


def test_a_training_batch_writes_progress_lines_with_passes_and_remaining_time(capsys, monkeypatch):
    monkeypatch.setattr(progress, "INTERVAL_S", 0.0)
    settings = RunSettings(
        model="mlp", hidden=(16,), batch_size=8, lr=0.05, seed=0, max_passes=2.0,
        log_every_passes=0.5,
    )  # fmt: skip
    train_replicates(settings, [0, 1], [0.05, 0.05], synthetic_data())
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("B=8")]
    assert "\r" not in "".join(lines) and len(lines) >= 4
    assert "pass 1.0, 2/2 training, train acc" in "\n".join(lines)
    assert lines[-1].split("|")[2].startswith(" 64/64")
    assert "<" in lines[-2], "tqdm's elapsed<remaining time"


def test_searches_train_their_probes_without_progress_lines(capsys):
    settings = RunSettings(model="mlp", hidden=(16,), batch_size=8, lr=0.05, seed=0, max_passes=0.5)
    train_replicates(settings, [0], [0.05], synthetic_data(), progress=False)
    assert "update/s" not in capsys.readouterr().out
