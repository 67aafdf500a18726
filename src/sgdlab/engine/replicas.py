"""One replicate seed of a batched run: its model, optimizer, random streams and results.

``build_replica`` draws a replicate exactly as a run of that seed alone would, so adding
seeds to a batch does not change what a seed computes. A replicate that stops (it
interpolated or diverged) is frozen while the others go on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch import nn

from sgdlab.engine.averaging import WeightAverage
from sgdlab.engine.evaluation import compiled_evaluator
from sgdlab.engine.models import build_model
from sgdlab.engine.optimizers import build_optimizer
from sgdlab.engine.sampling import BatchSampler
from sgdlab.engine.settings import RunSettings, stream_seed


@dataclass
class RunResult:
    """One replicate's seed and rate, its logged metric rows and how it ended.

    ``status`` is ``running`` until the replicate ends ``completed``, ``interpolated`` or
    ``diverged``.
    """

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

    settings: RunSettings
    model: nn.Module
    optimizer: torch.optim.Optimizer
    average: WeightAverage | None
    sampler: BatchSampler
    aug_generator: torch.Generator
    result: RunResult
    held: list[torch.Tensor] | None = None
    evaluator: nn.Module | None = None

    def __post_init__(self) -> None:
        """Evaluate with the model itself unless a compiled evaluator was given."""
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

    def settle(self, status: str, update: int) -> None:
        """Record the status reached at log point ``update``; freeze the replicate if it stopped."""
        self.result.updates = update
        self.result.status = status
        if status == "diverged":
            self.result.diverged_at_update = update
        if not self.active:
            self.hold()

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


def build_replica(settings: RunSettings, n: int, device: torch.device) -> Replica:
    """A replicate's model and streams, drawn from its seed exactly as a lone run draws them."""
    seed = settings.seed
    init_seed = stream_seed(seed, "init")
    model = build_model(settings.model, settings.hidden, init_seed, settings.hidden_activation)
    model = model.to(device)
    order = torch.Generator().manual_seed(stream_seed(seed, "order"))
    return Replica(
        settings=settings,
        model=model,
        evaluator=compiled_evaluator(model) if settings.compile_evaluation else model,
        optimizer=build_optimizer(settings.optimizer, model.parameters(), settings.lr),
        average=WeightAverage(model, settings.ema_gamma)
        if settings.ema_gamma is not None
        else None,
        sampler=BatchSampler(n, settings.batch_size, settings.sampling, order),
        aug_generator=torch.Generator().manual_seed(stream_seed(seed, "augment")),
        result=RunResult(seed=seed, lr=settings.lr),
    )
