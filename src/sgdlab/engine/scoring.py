"""A replicate's log rows: training scores at every log point, test scores when due, status.

The training accuracy is checked at every log point (it detects interpolation); test
metrics, validation metrics (when the run holds out a validation split), the weight
average's ``ema_*`` metrics and test-time-augmentation votes at every log point or, with
``test_points``, only at the points ``RunSettings.test_updates`` picks, and wherever a
replicate stops.
"""

from __future__ import annotations

import math
import time
from typing import Any

import torch
from torch import nn

from sgdlab.engine.device_data import DeviceData
from sgdlab.engine.evaluation import clean_scores, tta_scores
from sgdlab.engine.replicas import Replica
from sgdlab.engine.settings import RunSettings, stream_seed


def _finite_or_nan(value: float) -> float:
    """The value if finite, else NaN: a diverged loss is logged as missing, never as inf."""
    return value if math.isfinite(value) else float("nan")


def _train_scores(model: nn.Module, data: DeviceData, settings: RunSettings) -> dict[str, float]:
    """Loss and accuracy on the whole training subsample (they decide the status)."""
    scores = clean_scores(model, data.train_x, data.train_y, settings.eval_batch_size)
    return {"train_loss": _finite_or_nan(scores.loss), "train_accuracy": scores.accuracy}


def _held_out_splits(
    data: DeviceData, settings: RunSettings
) -> list[tuple[str, torch.Tensor, torch.Tensor]]:
    """The held-out splits scored at a test point: test (unless skipped), validation if any."""
    splits = [("test", data.test_x, data.test_y)] if settings.evaluate_test else []
    if data.validation_x is not None:
        splits.append(("validation", data.validation_x, data.validation_y))
    return splits


def _test_scores(replica: Replica, data: DeviceData, update: int) -> dict[str, float]:
    """Test and validation metrics, the averaged weights' metrics, test-time-augmentation votes."""
    settings, model = replica.settings, replica.evaluator
    row: dict[str, float] = {}
    splits = _held_out_splits(data, settings)
    for split, x, y in splits:
        scores = clean_scores(model, x, y, settings.eval_batch_size)
        row |= {f"{split}_loss": _finite_or_nan(scores.loss), f"{split}_accuracy": scores.accuracy}
    if replica.average is not None:
        for split, x, y in [("train", data.train_x, data.train_y), *splits]:
            scores = clean_scores(replica.average.model, x, y, settings.eval_batch_size)
            row[f"ema_{split}_loss"] = _finite_or_nan(scores.loss)
            row[f"ema_{split}_accuracy"] = scores.accuracy
    if settings.tta_views and settings.tta_aug is not None:
        generator = torch.Generator().manual_seed(stream_seed(settings.seed, "tta", update))
        votes = tta_scores(
            model,
            data.test_raw,
            data.test_y,
            data.normalize,
            settings.tta_aug,
            settings.tta_views,
            generator,
            settings.eval_batch_size,
        )
        row |= {"test_accuracy_tta": votes.accuracy, "tta_tie_rate": votes.tie_rate}
    return row


def status_after(
    settings: RunSettings, first_row: dict[str, Any], row: dict[str, Any], total: int
) -> str:
    """How a replicate stands after the log row ``row``: diverged, interpolated, done or not."""
    loss, initial = row["train_loss"], first_row["train_loss"]
    if not math.isfinite(loss) or loss > settings.divergence_factor * initial:
        return "diverged"
    if settings.stop_at_interpolation and row["train_accuracy"] == 1.0:
        return "interpolated"
    return "completed" if row["update"] >= total else "running"


class Scorer:
    """Appends the log rows of a batch's replicates and keeps the batch's training time.

    Test metrics follow the template's schedule; a replicate's status follows its own
    budget (a group of the batch may train longer than the template).
    """

    def __init__(self, template: RunSettings, data: DeviceData, elapsed: float) -> None:
        """Score on ``data`` by ``template``'s schedule, counting time from ``elapsed`` seconds."""
        self.data, self.batch_size, self.n = data, template.batch_size, data.n_train
        self.total = template.total_updates(self.n)
        self.test_due = template.test_updates(self.n)
        self.elapsed, self.started = elapsed, time.perf_counter()

    def budget(self, replica: Replica) -> int:
        """The replicate's own budget in updates (the template's unless its group sets one)."""
        return replica.settings.total_updates(self.n)

    def wall_time(self) -> float:
        """Seconds spent training this batch so far, including the runs before a resume."""
        return self.elapsed + time.perf_counter() - self.started

    def start(self, replica: Replica) -> None:
        """Log update 0 with every score; the replicate runs unless its budget is zero."""
        self._append(replica, self._train_row(replica, 0), with_test=True)
        replica.result.status = "completed" if self.budget(replica) == 0 else "running"

    def log_point(self, replica: Replica, update: int) -> dict[str, Any]:
        """Log the replicate at ``update``, settle its status there and return the row."""
        row = self._train_row(replica, update)
        status = status_after(replica.settings, replica.result.rows[0], row, self.budget(replica))
        due = self.test_due is None or update in self.test_due
        self._append(replica, row, with_test=status != "running" or due)
        replica.settle(status, update)
        return row

    def _train_row(self, replica: Replica, update: int) -> dict[str, Any]:
        """The row's position (update, samples, passes) and its training scores."""
        return {
            "update": update,
            "samples": update * self.batch_size,
            "passes": update * self.batch_size / self.n,
            **_train_scores(replica.evaluator, self.data, replica.settings),
        }

    def _append(self, replica: Replica, row: dict[str, Any], with_test: bool) -> None:
        """Add the test scores when asked and the wall time, then append the row."""
        if with_test:
            row |= _test_scores(replica, self.data, row["update"])
        row["wall_time_s"] = self.wall_time()
        replica.result.rows.append(row)
