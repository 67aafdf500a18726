"""Search for the divergent learning rate eta*_B: the smallest rate at which training diverges.

The search walks a geometric grid upward from a lower bound until the first divergent
rate, then bisects in log space between the last stable and the first divergent rate until
they are within a relative precision. The probe (what "training at rate lr with seed s
diverges" means) is a parameter, so the same search runs on the MLP and, in the tests, on
a quadratic whose divergence threshold is known in closed form.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from sgdlab.engine.device_data import DeviceData
from sgdlab.engine.training import RunSpec, train

RULES = ("any", "all")


class SearchError(RuntimeError):
    """The search bounds do not bracket the divergent learning rate."""


@dataclass(frozen=True)
class Probe:
    """One probe: did training at ``lr`` with ``seed`` diverge within the budget."""

    lr: float
    seed: int
    diverged: bool
    final_loss: float | None
    diverged_at_update: int | None


@dataclass(frozen=True)
class SearchSettings:
    """Grid start and end, grid factor, bisection precision and the seed rule."""

    min_lr: float
    max_lr: float
    factor: float = 2.0
    rel_precision: float = 0.05
    rule: str = "any"

    def __post_init__(self) -> None:
        if not 0 < self.min_lr < self.max_lr:
            raise ValueError("need 0 < min_lr < max_lr")
        if self.factor <= 1 or self.rel_precision <= 0:
            raise ValueError("need factor > 1 and rel_precision > 0")
        if self.rule not in RULES:
            raise ValueError(f"rule must be one of {RULES}, got {self.rule!r}")


@dataclass
class SearchResult:
    """The divergent rate, the last stable rate below it and every probe run."""

    divergent_lr: float
    stable_lr: float
    probes: list[Probe] = field(default_factory=list)

    def to_dict(self, lr_factor: float) -> dict:
        """JSON form, with the training rate ``lr_factor * divergent_lr``."""
        return {
            "divergent_lr": self.divergent_lr,
            "stable_lr": self.stable_lr,
            "lr_factor": lr_factor,
            "train_lr": lr_factor * self.divergent_lr,
            "probes": [asdict(p) for p in self.probes],
        }


ProbeFn = Callable[[float, Sequence[int]], list[Probe]]


def search(probe: ProbeFn, seeds: Sequence[int], settings: SearchSettings) -> SearchResult:
    """Find eta* to within ``settings.rel_precision``; see the module docstring.

    ``probe(lr, seeds)`` trains one probe per seed at ``lr``. A rate counts as divergent
    when any seed diverges (rule ``any``) or when all do (rule ``all``).
    """
    decide = any if settings.rule == "any" else all
    probes: list[Probe] = []

    def diverges(lr: float) -> bool:
        results = probe(lr, seeds)
        probes.extend(results)
        return decide(p.diverged for p in results)

    lr, stable = settings.min_lr, None
    while not diverges(lr):
        stable = lr
        lr *= settings.factor
        if lr > settings.max_lr * (1 + 1e-12):
            raise SearchError(
                f"no divergence up to lr {stable:.4g}: raise config key lr_search.max_lr "
                f"(now {settings.max_lr:g})."
            )
    if stable is None:
        raise SearchError(
            f"training already diverges at the lower bound lr {settings.min_lr:g}: lower "
            "config key lr_search.min_lr."
        )
    low, high = stable, lr
    while high / low > 1 + settings.rel_precision:
        middle = math.sqrt(low * high)
        if diverges(middle):
            high = middle
        else:
            low = middle
    return SearchResult(divergent_lr=high, stable_lr=low, probes=probes)


def training_probe(
    template: RunSpec, data: DeviceData, collapse_accuracy: float | None = None
) -> ProbeFn:
    """Probe function that trains ``template`` at a given rate and seed within its budget.

    A probe diverges when the loss on the whole training subsample, measured at the
    template's log points, becomes non-finite or exceeds ``divergence_factor`` times its
    initial value (the engine's divergence rule). With ``collapse_accuracy``, a probe whose
    final training accuracy is at or below it also counts as divergent: a network whose
    untrained loss is above chance (unscaled inputs) can collapse to predicting one class,
    whose loss ln(10) is below its start. Test metrics are skipped.
    """

    def probe(lr: float, seeds: Sequence[int]) -> list[Probe]:
        results = []
        for seed in seeds:
            spec = dataclasses.replace(template, lr=lr, seed=seed, evaluate_test=False)
            run = train(spec, data, log=lambda _: None)
            final = run.rows[-1]["train_loss"]
            collapsed = (
                collapse_accuracy is not None
                and run.rows[-1]["train_accuracy"] <= collapse_accuracy
            )
            results.append(
                Probe(
                    lr=lr,
                    seed=seed,
                    diverged=run.status == "diverged" or collapsed,
                    final_loss=final if math.isfinite(final) else None,
                    diverged_at_update=run.diverged_at_update,
                )
            )
        return results

    return probe
