"""The SGD engine: minibatches from device tensors, metrics at pass intervals, exact resume.

Plain SGD is the default; a run may instead use momentum, Adam or AdamW (``optimizers``)
and may keep an exponential moving average of its weights (``averaging``), evaluated at
every log point beside the trained weights in ``ema_*`` columns.

One ``train`` call runs one configuration to its end (budget, interpolation or divergence).
With a checkpoint path it saves its whole state at log points and, started again with the
same spec, continues from the last checkpoint to exactly the metrics of an uninterrupted
run: every random stream (initialization, data order, training augmentation,
test-time views) has its own generator whose state is saved.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from sgdlab.engine import analytic_mlp, checkpoint
from sgdlab.engine.averaging import WeightAverage
from sgdlab.engine.device_data import DeviceData
from sgdlab.engine.evaluation import clean_scores, tta_scores
from sgdlab.engine.models import MLP, build_model
from sgdlab.engine.optimizers import OptimizerSpec, build_optimizer
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
class RunSpec:
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
    optimizer: OptimizerSpec = OptimizerSpec()
    ema_gamma: float | None = None

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError(f"batch size must be positive, got {self.batch_size}")
        if self.sampling not in SAMPLINGS:
            raise ValueError(f"sampling must be one of {SAMPLINGS}, got {self.sampling!r}")
        if (self.max_passes is None) == (self.max_updates is None):
            raise ValueError("give exactly one budget: max_passes or max_updates")

    def total_updates(self, n: int) -> int:
        """Budget in updates: floor(passes * n / B), as the documents count them."""
        if self.max_updates is not None:
            return self.max_updates
        return math.floor(self.max_passes * n / self.batch_size + 1e-9)

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


class Stepper:
    """The hot loop: optimizer updates for a block of minibatch indices, on the data's device.

    Indices and, with training augmentation, every image's crop and angle are drawn on the
    CPU for the whole block and moved to the device once. Clean plain-SGD training of a ReLU
    MLP takes the analytic step of ``analytic_mlp`` (the same update without autograd's
    bookkeeping). With a weight average, it is updated after every step.
    """

    def __init__(
        self,
        model: torch.nn.Module,
        optimizer: torch.optim.Optimizer,
        data: DeviceData,
        spec: RunSpec,
        aug_generator: torch.Generator,
        average: WeightAverage | None = None,
    ) -> None:
        self.model, self.optimizer, self.data, self.spec = model, optimizer, data, spec
        self.aug_generator, self.average = aug_generator, average
        clean_mlp = (
            isinstance(model, MLP)
            and model.activation == "relu"
            and spec.train_aug is None
            and spec.optimizer.name == "sgd"
        )
        self.fast_layers = analytic_mlp.linear_layers(model) if clean_mlp else None

    def run(self, indices: torch.Tensor) -> None:
        """Apply one update per row of ``indices`` (shape (steps, B), on the CPU)."""
        data, spec, device = self.data, self.spec, self.data.train_x.device
        indices = indices.to(device)
        if self.fast_layers is not None:
            for index in indices:
                analytic_mlp.sgd_step(
                    self.fast_layers, data.train_x[index], data.train_y[index], spec.lr
                )
                if self.average is not None:
                    self.average.update()
            return
        params = None
        if spec.train_aug is not None:
            params = draw_params(indices.numel(), spec.train_aug, self.aug_generator).to(device)
        for i, index in enumerate(indices):
            if params is None:
                x = data.train_x[index]
            else:
                window = slice(i * spec.batch_size, (i + 1) * spec.batch_size)
                x = data.normalize(
                    apply(data.train_raw[index], params.select(window), spec.train_aug)
                )
            loss = F.cross_entropy(self.model(x), data.train_y[index])
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            if self.average is not None:
                self.average.update()


@dataclass
class RunResult:
    """Logged metric rows and how the run ended."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    status: str = "running"
    updates: int = 0
    diverged_at_update: int | None = None


def _finite_or_nan(value: float) -> float:
    return value if math.isfinite(value) else float("nan")


def _averaged_scores(model: torch.nn.Module, data: DeviceData, spec: RunSpec) -> dict[str, float]:
    """The averaged weights' metrics, in columns named like the trained weights' with ema_."""
    splits = [("train", data.train_x, data.train_y)]
    if spec.evaluate_test:
        splits.append(("test", data.test_x, data.test_y))
    row = {}
    for split, x, y in splits:
        scores = clean_scores(model, x, y, spec.eval_batch_size)
        row[f"ema_{split}_loss"] = _finite_or_nan(scores.loss)
        row[f"ema_{split}_accuracy"] = scores.accuracy
    return row


def train(
    spec: RunSpec,
    data: DeviceData,
    checkpoint_path: Path | None = None,
    checkpoint_every_passes: float = 1.0,
    log: Callable[[str], None] = print,
) -> RunResult:
    """Train one run to its end and return its metric rows and final status."""
    data = data.with_preprocessing(spec.preprocessing)
    device = data.train_x.device
    n, batch = data.n_train, spec.batch_size
    total = spec.total_updates(n)
    log_every = max(1, round(spec.log_every_passes * n / batch))
    checkpoint_every = max(1, round(checkpoint_every_passes * n / batch))

    init_seed = stream_seed(spec.seed, "init")
    model = build_model(spec.model, spec.hidden, init_seed, spec.hidden_activation).to(device)
    optimizer = build_optimizer(spec.optimizer, model.parameters(), spec.lr)
    average = WeightAverage(model, spec.ema_gamma) if spec.ema_gamma is not None else None
    sampler = BatchSampler(
        n, batch, spec.sampling, torch.Generator().manual_seed(stream_seed(spec.seed, "order"))
    )
    aug_generator = torch.Generator().manual_seed(stream_seed(spec.seed, "augment"))
    result = RunResult()
    elapsed, last_checkpoint = 0.0, 0

    saved = checkpoint.load(checkpoint_path) if checkpoint_path else None
    if saved is not None and saved["fingerprint"] != spec.fingerprint():
        log(f"{checkpoint_path} belongs to other settings or code; starting from scratch")
        saved = None
    if saved is not None:
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        if average is not None:
            average.model.load_state_dict(saved["average"])
        sampler.load_state(saved["sampler"])
        aug_generator.set_state(saved["aug_generator"])
        result = RunResult(**saved["result"])
        elapsed, last_checkpoint = saved["elapsed"], result.updates
        log(f"resumed from {checkpoint_path} at update {result.updates}")
    started = time.perf_counter()

    def measure(update: int) -> dict[str, Any]:
        train_scores = clean_scores(model, data.train_x, data.train_y, spec.eval_batch_size)
        row: dict[str, Any] = {
            "update": update,
            "samples": update * batch,
            "passes": update * batch / n,
            "train_loss": _finite_or_nan(train_scores.loss),
            "train_accuracy": train_scores.accuracy,
        }
        if spec.evaluate_test:
            test_scores = clean_scores(model, data.test_x, data.test_y, spec.eval_batch_size)
            row["test_loss"] = _finite_or_nan(test_scores.loss)
            row["test_accuracy"] = test_scores.accuracy
        if average is not None:
            row.update(_averaged_scores(average.model, data, spec))
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
            row["test_accuracy_tta"] = votes.accuracy
            row["tta_tie_rate"] = votes.tie_rate
        row["wall_time_s"] = elapsed + time.perf_counter() - started
        return row

    def status_after(row: dict[str, Any]) -> str:
        loss, initial = row["train_loss"], result.rows[0]["train_loss"]
        if not math.isfinite(loss) or loss > spec.divergence_factor * initial:
            return "diverged"
        if spec.stop_at_interpolation and row["train_accuracy"] == 1.0:
            return "interpolated"
        return "completed" if row["update"] >= total else "running"

    def save() -> None:
        state = {
            "fingerprint": spec.fingerprint(),
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            **({"average": average.model.state_dict()} if average is not None else {}),
            "sampler": sampler.state(),
            "aug_generator": aug_generator.get_state(),
            "result": asdict(result),
            "elapsed": elapsed + time.perf_counter() - started,
        }
        checkpoint.save_atomic(state, checkpoint_path)

    if not result.rows:
        result.rows.append(measure(0))
        result.status = "completed" if total == 0 else "running"

    stepper = Stepper(model, optimizer, data, spec, aug_generator, average)
    while result.status == "running":
        steps = min(log_every - result.updates % log_every, total - result.updates)
        stepper.run(sampler.next_block(steps))
        result.updates += steps
        row = measure(result.updates)
        result.rows.append(row)
        result.status = status_after(row)
        if result.status == "diverged":
            result.diverged_at_update = result.updates
            log(f"diverged at update {result.updates}: train loss {row['train_loss']}")
        done = result.status != "running"
        if checkpoint_path and (done or result.updates - last_checkpoint >= checkpoint_every):
            save()
            last_checkpoint = result.updates
    return result
