"""The SGD engine: replicate seeds trained in lockstep on device tensors, exact resume.

Plain SGD is the default; a run may instead use momentum, Adam or AdamW (``optimizers``)
and may keep an exponential moving average of its weights (``averaging``), evaluated beside
the trained weights in ``ema_*`` columns.

One ``train_replicates`` call runs one configuration for several seeds (each with its own
learning rate) to their ends: budget, interpolation or divergence. A replicate that stops
early is frozen while the others go on. Every replicate draws its initialization, data
order, training augmentation and test-time views from its own generators exactly as a
run of that seed alone does, so adding seeds does not change what a seed computes. The
training accuracy is checked at every log point (it detects interpolation); test metrics
at every log point or, with ``test_points``, at that many points spread on a log scale of
updates and at the end. With a checkpoint path the whole batch's state is saved at log
points and, started again with the same settings, continues exactly.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from sgdlab.engine import analytic_mlp, checkpoint
from sgdlab.engine.averaging import WeightAverage
from sgdlab.engine.device_data import DeviceData
from sgdlab.engine.evaluation import clean_scores, tta_scores
from sgdlab.engine.models import MLP, build_model
from sgdlab.engine.optimizers import OptimizerSettings, build_optimizer
from sgdlab.engine.transforms import Augmentation, apply, draw_params

SAMPLINGS = ("shuffle", "with_replacement")
STREAMS = ("init", "order", "augment", "tta")
STATUSES = ("completed", "interpolated", "diverged")


def code_version() -> str:
    """Hash of the engine's source: a checkpoint is resumed only by the code that wrote it."""
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

    def __post_init__(self) -> None:
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
        """Hash of the spec and the code; a checkpoint is resumed only when both match.

        Otherwise a rerun after a fix to the engine would return the old code's results.
        """
        text = json.dumps({"spec": asdict(self), "code": code_version()}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class BatchSampler:
    """Minibatch indices from one seeded stream.

    ``shuffle`` concatenates fresh permutations of the n examples and cuts them into
    batches, so every example is seen once per effective pass (batches may straddle two
    passes when B does not divide n); ``with_replacement`` draws every index uniformly, as
    the midterm's loop does.
    """

    def __init__(self, n: int, batch_size: int, sampling: str, generator: torch.Generator) -> None:
        self.n, self.batch_size, self.sampling = n, batch_size, sampling
        self.generator = generator
        self.pending = torch.empty(0, dtype=torch.int64)

    def next_block(self, updates: int) -> torch.Tensor:
        """Indices of the next ``updates`` minibatches, shape (updates, B), on the CPU."""
        need = updates * self.batch_size
        if self.sampling == "with_replacement":
            return torch.randint(self.n, (updates, self.batch_size), generator=self.generator)
        chunks, have = [self.pending], self.pending.numel()
        while have < need:
            chunks.append(torch.randperm(self.n, generator=self.generator))
            have += self.n
        stream = torch.cat(chunks)
        self.pending = stream[need:].clone()
        return stream[:need].view(updates, self.batch_size)

    def state(self) -> dict[str, torch.Tensor]:
        """Generator state and the not yet used rest of the current permutation."""
        return {"generator": self.generator.get_state(), "pending": self.pending}

    def load_state(self, state: dict[str, torch.Tensor]) -> None:
        """Continue exactly where ``state`` was taken."""
        self.generator.set_state(state["generator"])
        self.pending = state["pending"]


@dataclass
class RunResult:
    """One replicate's seed and rate, its logged metric rows and how it ended."""

    seed: int = 0
    lr: float = 0.0
    rows: list[dict[str, Any]] = field(default_factory=list)
    status: str = "running"
    updates: int = 0
    diverged_at_update: int | None = None


@dataclass
class Replica:
    """One seed of a batched run: its model, optimizer, random streams and metrics.

    ``held`` keeps its parameters from the moment it stopped (interpolated or diverged):
    a stacked step may still touch them, and they are put back after every block.
    """

    spec: RunSettings
    model: nn.Module
    optimizer: torch.optim.Optimizer
    average: WeightAverage | None
    sampler: BatchSampler
    aug_generator: torch.Generator
    result: RunResult
    held: list[torch.Tensor] | None = None
    evaluator: nn.Module | None = None

    def __post_init__(self) -> None:
        if self.evaluator is None:
            self.evaluator = self.model

    @property
    def active(self) -> bool:
        """Whether the replicate still trains."""
        return self.result.status == "running"

    def hold(self) -> None:
        """Freeze the current parameters (called once, when the replicate stops)."""
        self.held = [p.detach().clone() for p in self.model.parameters()]

    @torch.no_grad()
    def restore(self) -> None:
        """Put the frozen parameters back (no-op while active)."""
        if self.held is not None:
            for param, value in zip(self.model.parameters(), self.held, strict=True):
                param.copy_(value)

    def state(self) -> dict[str, Any]:
        """Everything needed to continue this replicate exactly."""
        return {
            "model": {key: value.clone() for key, value in self.model.state_dict().items()},
            "optimizer": self.optimizer.state_dict(),
            **({"average": self.average.model.state_dict()} if self.average else {}),
            "sampler": self.sampler.state(),
            "aug_generator": self.aug_generator.get_state(),
            "result": asdict(self.result),
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Continue from ``state`` (written by ``state``)."""
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        if self.average is not None:
            self.average.model.load_state_dict(state["average"])
        self.sampler.load_state(state["sampler"])
        self.aug_generator.set_state(state["aug_generator"])
        self.result = RunResult(**state["result"])
        if not self.active:
            self.hold()


def build_replica(spec: RunSettings, n: int, device: torch.device) -> Replica:
    """A replicate's model and streams, drawn from its seed exactly as a lone run draws them."""
    init_seed = stream_seed(spec.seed, "init")
    model = build_model(spec.model, spec.hidden, init_seed, spec.hidden_activation).to(device)
    order = torch.Generator().manual_seed(stream_seed(spec.seed, "order"))
    return Replica(
        spec=spec,
        model=model,
        evaluator=compiled_evaluator(model) if spec.compile_evaluation else model,
        optimizer=build_optimizer(spec.optimizer, model.parameters(), spec.lr),
        average=WeightAverage(model, spec.ema_gamma) if spec.ema_gamma is not None else None,
        sampler=BatchSampler(n, spec.batch_size, spec.sampling, order),
        aug_generator=torch.Generator().manual_seed(stream_seed(spec.seed, "augment")),
        result=RunResult(seed=spec.seed, lr=spec.lr),
    )


def compiled_evaluator(model: nn.Module) -> nn.Module:
    """The model's forward compiled by ``torch.compile`` for evaluation (convolutional nets).

    Evaluating 6,000 training and 90,000 test images and views is most of the augmentation
    study's time; compiled, the CNN's inference forward ran 3x faster on one CPU thread
    (the test-time vote with its augmentation 1.3x) with the same logits, while compiled
    training steps were slower, so only evaluation is compiled. It shares the model's
    parameters. MLPs are returned as they are (their evaluation is cheap). Each batch shape
    compiles once: the cache limit is raised so that five replicates' shapes do not exceed
    it and fall back to eager. On a CPU without a C++ compiler (inductor needs one) the
    model is returned uncompiled.
    """
    if isinstance(model, MLP) or not _has_cpp_compiler(model):
        return model
    torch._dynamo.config.cache_size_limit = max(torch._dynamo.config.cache_size_limit, 64)
    return torch.compile(model, dynamic=False)


def _has_cpp_compiler(model: nn.Module) -> bool:
    """Whether inductor can compile for the model's device (CUDA needs no host compiler)."""
    if next(model.parameters()).is_cuda:
        return True
    candidates = [os.environ.get("CXX", ""), "g++", "c++", "clang++"]
    return any(shutil.which(name) for name in candidates if name)


class Stepper:
    """The hot loop: optimizer updates of every active replicate for one block of steps.

    Indices and, with training augmentation, every image's crop and angle are drawn on the
    CPU per replicate for the whole block and moved to the device once. Clean plain-SGD
    training of ReLU MLPs takes the stacked analytic step of ``analytic_mlp``: one batched
    update for all replicates. Other models loop over the replicates inside each step
    (measured in bench/: batching the CNN's convolutions gains nothing on a CPU). With a
    weight average, it is updated after every step.
    """

    def __init__(self, replicas: list[Replica], data: DeviceData) -> None:
        self.replicas, self.data = replicas, data
        spec = replicas[0].spec
        clean_mlp = (
            isinstance(replicas[0].model, MLP)
            and spec.hidden_activation == "relu"
            and spec.train_aug is None
            and spec.optimizer.name == "sgd"
        )
        self.stacked = analytic_mlp.stack([r.model for r in replicas]) if clean_mlp else None
        device = data.train_x.device
        self.lrs = torch.tensor([r.spec.lr for r in replicas], device=device).view(-1, 1, 1)

    def run(self, blocks: list[torch.Tensor | None]) -> None:
        """One update per row of each replicate's block (steps, B); None for a stopped one."""
        if self.stacked is not None:
            self._run_stacked(blocks)
        else:
            for replica, block in zip(self.replicas, blocks, strict=True):
                if block is not None:
                    self._run_one(replica, block)
        for replica in self.replicas:
            replica.restore()

    def _run_stacked(self, blocks: list[torch.Tensor | None]) -> None:
        data = self.data
        shape = next(block.shape for block in blocks if block is not None)
        filler = torch.zeros(shape, dtype=torch.int64)
        indices = torch.stack([filler if b is None else b for b in blocks], dim=1)
        averages = [r.average for r in self.replicas if r.active and r.average is not None]
        for index in indices.to(data.train_x.device):
            analytic_mlp.sgd_step(self.stacked, data.train_x[index], data.train_y[index], self.lrs)
            for average in averages:
                average.update()

    def _run_one(self, replica: Replica, block: torch.Tensor) -> None:
        data, spec, device = self.data, replica.spec, self.data.train_x.device
        block = block.to(device)
        params = None
        if spec.train_aug is not None:
            params = draw_params(block.numel(), spec.train_aug, replica.aug_generator).to(device)
        for i, index in enumerate(block):
            if params is None:
                x = data.train_x[index]
            else:
                window = slice(i * spec.batch_size, (i + 1) * spec.batch_size)
                x = data.normalize(
                    apply(data.train_raw[index], params.select(window), spec.train_aug)
                )
            loss = F.cross_entropy(replica.model(x), data.train_y[index])
            replica.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            replica.optimizer.step()
            if replica.average is not None:
                replica.average.update()


def _finite_or_nan(value: float) -> float:
    return value if math.isfinite(value) else float("nan")


def _train_scores(model: nn.Module, data: DeviceData, spec: RunSettings) -> dict[str, float]:
    scores = clean_scores(model, data.train_x, data.train_y, spec.eval_batch_size)
    return {"train_loss": _finite_or_nan(scores.loss), "train_accuracy": scores.accuracy}


def _test_scores(replica: Replica, data: DeviceData, update: int) -> dict[str, float]:
    """Test metrics, the averaged weights' metrics and test-time-augmentation votes."""
    spec, model = replica.spec, replica.evaluator
    row: dict[str, float] = {}
    if spec.evaluate_test:
        scores = clean_scores(model, data.test_x, data.test_y, spec.eval_batch_size)
        row |= {"test_loss": _finite_or_nan(scores.loss), "test_accuracy": scores.accuracy}
    if replica.average is not None:
        splits = [("train", data.train_x, data.train_y)]
        if spec.evaluate_test:
            splits.append(("test", data.test_x, data.test_y))
        for split, x, y in splits:
            scores = clean_scores(replica.average.model, x, y, spec.eval_batch_size)
            row[f"ema_{split}_loss"] = _finite_or_nan(scores.loss)
            row[f"ema_{split}_accuracy"] = scores.accuracy
    if spec.tta_views and spec.tta_aug is not None:
        generator = torch.Generator().manual_seed(stream_seed(spec.seed, "tta", update))
        votes = tta_scores(
            model,
            data.test_raw,
            data.test_y,
            data.normalize,
            spec.tta_aug,
            spec.tta_views,
            generator,
            spec.eval_batch_size,
        )
        row |= {"test_accuracy_tta": votes.accuracy, "tta_tie_rate": votes.tie_rate}
    return row


def _status_after(spec: RunSettings, result: RunResult, row: dict[str, Any], total: int) -> str:
    loss, initial = row["train_loss"], result.rows[0]["train_loss"]
    if not math.isfinite(loss) or loss > spec.divergence_factor * initial:
        return "diverged"
    if spec.stop_at_interpolation and row["train_accuracy"] == 1.0:
        return "interpolated"
    return "completed" if row["update"] >= total else "running"


def batch_fingerprint(specs: list[RunSettings]) -> str:
    """Hash of every replicate's spec and the code: a checkpoint resumes only its own batch."""
    text = json.dumps([spec.fingerprint() for spec in specs])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def train_replicates(
    template: RunSettings,
    seeds: list[int],
    lrs: list[float],
    data: DeviceData,
    checkpoint_path: Path | None = None,
    checkpoint_every_passes: float = 1.0,
    log: Callable[[str], None] = print,
) -> list[RunResult]:
    """Train ``template`` for every (seed, rate) pair in lockstep; one result per pair, in order.

    A seed may appear at several rates (the minibatch study's rate factors train together).
    """
    pairs = list(zip(seeds, lrs, strict=False))
    if len(seeds) != len(lrs) or not seeds or len(set(pairs)) != len(pairs):
        raise ValueError(f"need distinct (seed, rate) pairs, one rate per seed: {seeds}, {lrs}")
    specs = [dataclasses.replace(template, seed=s, lr=lr) for s, lr in zip(seeds, lrs, strict=True)]
    data = data.with_preprocessing(template.preprocessing)
    n = data.n_train
    total = template.total_updates(n)
    log_every = template.log_every_updates(n)
    checkpoint_every = max(1, round(checkpoint_every_passes * n / template.batch_size))
    test_due = template.test_updates(n)
    replicas = [build_replica(spec, n, data.train_x.device) for spec in specs]
    stepper = Stepper(replicas, data)
    fingerprint = batch_fingerprint(specs)
    updates, elapsed = 0, 0.0

    saved = checkpoint.load(checkpoint_path) if checkpoint_path else None
    if saved is not None and saved.get("fingerprint") != fingerprint:
        log(f"{checkpoint_path} belongs to other settings or code; starting from scratch")
        saved = None
    if saved is not None:
        for replica, state in zip(replicas, saved["replicas"], strict=True):
            replica.load_state(state)
        updates, elapsed = saved["updates"], saved["elapsed"]
        log(f"resumed from {checkpoint_path} at update {updates}")
    last_checkpoint = updates
    started = time.perf_counter()

    def measure(replica: Replica, update: int, final: bool) -> dict[str, Any]:
        """The log row of one replicate; test metrics when due or when it ends here."""
        row: dict[str, Any] = {
            "update": update,
            "samples": update * template.batch_size,
            "passes": update * template.batch_size / n,
            **_train_scores(replica.evaluator, data, replica.spec),
        }
        status = "running" if final else _status_after(replica.spec, replica.result, row, total)
        if final or status != "running" or test_due is None or update in test_due:
            row |= _test_scores(replica, data, update)
        row["wall_time_s"] = elapsed + time.perf_counter() - started
        replica.result.rows.append(row)
        return row

    def save() -> None:
        state = {
            "fingerprint": fingerprint,
            "replicas": [replica.state() for replica in replicas],
            "updates": updates,
            "elapsed": elapsed + time.perf_counter() - started,
        }
        checkpoint.save_atomic(state, checkpoint_path)

    if updates == 0:
        for replica in replicas:
            measure(replica, 0, final=True)
            replica.result.status = "completed" if total == 0 else "running"

    while any(replica.active for replica in replicas):
        steps = min(log_every - updates % log_every, total - updates)
        stepper.run([r.sampler.next_block(steps) if r.active else None for r in replicas])
        updates += steps
        for replica in replicas:
            if not replica.active:
                continue
            result = replica.result
            result.updates = updates
            row = measure(replica, updates, final=False)
            result.status = _status_after(replica.spec, result, row, total)
            if result.status == "diverged":
                result.diverged_at_update = updates
                loss = row["train_loss"]
                seed, lr = replica.spec.seed, replica.spec.lr
                log(f"seed {seed} diverged at update {updates} (lr {lr:.4g}): train loss {loss}")
            if not replica.active:
                replica.hold()
        done = not any(replica.active for replica in replicas)
        if checkpoint_path and (done or updates - last_checkpoint >= checkpoint_every):
            save()
            last_checkpoint = updates
    return [replica.result for replica in replicas]


def train(
    spec: RunSettings,
    data: DeviceData,
    checkpoint_path: Path | None = None,
    checkpoint_every_passes: float = 1.0,
    log: Callable[[str], None] = print,
) -> RunResult:
    """Train the single run ``spec`` (its own seed and rate) to its end."""
    results = train_replicates(
        spec, [spec.seed], [spec.lr], data, checkpoint_path, checkpoint_every_passes, log
    )
    return results[0]
