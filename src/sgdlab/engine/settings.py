"""What determines a training run: its settings, its random streams and the engine's code.

``RunSettings`` is the typed record a rule's params become; with the hash of every engine
source file (``code_version``) it makes the fingerprint a checkpoint must match to resume.
Every random stream of a run (initialization, data order, augmentation, test-time views)
has its own seed derived from the run's seed by ``stream_seed``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sgdlab.engine.optimizers import OptimizerSettings
from sgdlab.engine.transforms import Augmentation

SAMPLINGS = ("shuffle", "with_replacement")
STREAMS = ("init", "order", "augment", "tta")


def code_version() -> str:
    """Hash of every engine source file: a checkpoint is resumed only by the code that wrote it."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def stream_seed(seed: int, stream: str, *extra: int) -> int:
    """Independent seed of one random stream of a run, derived from the run's seed."""
    sequence = np.random.SeedSequence([seed, STREAMS.index(stream), *extra])
    return int(sequence.generate_state(1, dtype=np.uint64)[0] >> 1)


@dataclass(frozen=True)
class RunSettings:
    """Everything that determines one training run's metrics (its fingerprint)."""

    model: str
    hidden: tuple[int, ...]
    batch_size: int
    lr: float
    seed: int
    max_passes: float | None = None
    max_updates: int | None = None
    log_every_passes: float = 0.1
    sampling: str = "shuffle"
    stop_at_interpolation: bool = False
    divergence_factor: float = 10.0
    train_aug: Augmentation | None = None
    tta_aug: Augmentation | None = None
    tta_views: int = 0
    evaluate_test: bool = True
    eval_batch_size: int = 512
    hidden_activation: str = "relu"
    preprocessing: str = "standardize"
    optimizer: OptimizerSettings = OptimizerSettings()
    ema_gamma: float | None = None
    test_points: int | None = None
    compile_evaluation: bool = False
    # Held-out validation split of the training images (DeviceData.with_validation).
    validation_fraction: float = 0.0
    validation_seed: int = 0

    def __post_init__(self) -> None:
        """Reject settings no run can follow: empty batches, unknown sampling, two budgets."""
        if self.batch_size < 1:
            raise ValueError(f"batch size must be positive, got {self.batch_size}")
        if self.sampling not in SAMPLINGS:
            raise ValueError(f"sampling must be one of {SAMPLINGS}, got {self.sampling!r}")
        if (self.max_passes is None) == (self.max_updates is None):
            raise ValueError("give exactly one budget: max_passes or max_updates")
        if self.test_points is not None and self.test_points < 2:
            raise ValueError(f"test_points must be at least 2 or null, got {self.test_points}")

    def total_updates(self, n: int) -> int:
        """Budget in updates: floor(passes * n / B), as the documents count them."""
        if self.max_updates is not None:
            return self.max_updates
        return math.floor(self.max_passes * n / self.batch_size + 1e-9)

    def log_every_updates(self, n: int) -> int:
        """Updates between log points (at least one)."""
        return max(1, round(self.log_every_passes * n / self.batch_size))

    def test_updates(self, n: int) -> set[int] | None:
        """Log points at which test metrics are measured; None means every log point.

        ``test_points`` targets are spread evenly in log(update) between the first log
        point and the budget; each takes the nearest log point. Update 0 and the budget are
        always included (a run that stops early is measured where it stops).
        """
        if self.test_points is None:
            return None
        total, every = self.total_updates(n), self.log_every_updates(n)
        points = np.minimum(np.arange(1, math.ceil(total / every) + 1) * every, total)
        if points.size == 0:
            return {0}
        targets = np.geomspace(points[0], points[-1], self.test_points)
        nearest = np.abs(np.log(points)[:, None] - np.log(targets)[None, :]).argmin(axis=0)
        return {0, total, *(int(points[i]) for i in nearest)}

    def fingerprint(self) -> str:
        """Hash of the settings and the code; a checkpoint is resumed only when both match.

        Otherwise a rerun after a fix to the engine would return the old code's results.
        """
        text = json.dumps({"settings": asdict(self), "code": code_version()}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def batch_fingerprint(replicates: list[RunSettings]) -> str:
    """Hash of every replicate's settings and the code: a checkpoint resumes only its own batch."""
    text = json.dumps([settings.fingerprint() for settings in replicates])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# The settings a group of replicates may set for itself within one batch: its own budget
# and whether it stops at interpolation (everything else the batch's replicates share).
GROUP_FIELDS = ("max_passes", "max_updates", "stop_at_interpolation")


def replicate_settings(
    template: RunSettings,
    seeds: list[int],
    lrs: list[float],
    overrides: Sequence[Mapping[str, Any]] | None = None,
) -> list[RunSettings]:
    """The settings of every (seed, rate) replicate of ``template``, in order.

    A seed may appear at several rates (the minibatch study's rate factors train together),
    but a (seed, rate) pair only once. ``overrides`` gives each replicate its own budget and
    stop (keys of ``GROUP_FIELDS``; an empty mapping keeps the template's).
    """
    pairs = list(zip(seeds, lrs, strict=False))
    if len(seeds) != len(lrs) or not seeds or len(set(pairs)) != len(pairs):
        raise ValueError(f"need distinct (seed, rate) pairs, one rate per seed: {seeds}, {lrs}")
    overrides = overrides if overrides is not None else [{}] * len(seeds)
    if len(overrides) != len(seeds):
        raise ValueError(f"need one override per replicate: {len(overrides)} for {len(seeds)}")
    unknown = {key for override in overrides for key in override} - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"a group may set only {GROUP_FIELDS}, not {sorted(unknown)}")
    return [
        dataclasses.replace(template, seed=seed, lr=lr, **override)
        for (seed, lr), override in zip(pairs, overrides, strict=True)
    ]
