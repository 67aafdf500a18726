"""Search for the divergent learning rate eta*_B: the smallest rate at which training diverges.

Every replicate seed gets its own search, so eta*_B has a spread over seeds. A search walks
a geometric grid upward from a lower bound until the first divergent rate, then bisects in
log space between the last stable and the first divergent rate until they are within a
relative precision. The seeds' searches run in lockstep: each round probes every
unfinished seed at its own next rate in one batched training run. The probe (what "training
at rate lr with seed s diverges" means) is a parameter, so the same search runs on the MLP
and, in the tests, on a quadratic whose divergence threshold is known in closed form.

Besides the probe's own verdict, a probe whose final loss ends far above what the seed
reached at lower rates counts as divergent (``SearchSettings.loss_ratio``): a rate whose
loss oscillates at 1.5 where half of it reaches 0.6 has left the stable regime although its
loss stays below the start.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from sgdlab.engine.device_data import DeviceData
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train_replicates


class SearchError(RuntimeError):
    """The search bounds do not bracket the divergent learning rate."""


# Why a probe counts as divergent (empty when it is stable).
REASONS = ("loss", "collapse", "above lower rates")
# A final loss below this fraction of the untrained loss has converged: it is not compared
# with lower rates (on the quadratic of the tests the lower rates' losses reach 0 exactly).
CONVERGED = 1e-3


@dataclass(frozen=True)
class Probe:
    """One probe: did training at ``lr`` with ``seed`` diverge within the budget, and why.

    ``reason`` is one of ``REASONS`` for a divergent probe: its loss became non-finite or
    grew past the divergence factor, the network collapsed to one class, or its final loss
    ended far above the seed's lower rates' (set by ``search``).
    """

    lr: float
    seed: int
    diverged: bool
    final_loss: float | None
    diverged_at_update: int | None
    initial_loss: float | None = None
    reason: str = ""


@dataclass(frozen=True)
class SearchSettings:
    """Grid start and end, grid factor, bisection precision and the lower-rates rule.

    ``loss_ratio``: a probe whose final loss exceeds this multiple of the lowest final loss
    of the seed's stable probes at lower rates counts as divergent (None: no such rule).
    """

    min_lr: float
    max_lr: float
    factor: float = 2.0
    rel_precision: float = 0.05
    loss_ratio: float | None = 2.0

    def __post_init__(self) -> None:
        """Reject bounds and steps that cannot bracket a rate: the search would not end."""
        if not 0 < self.min_lr < self.max_lr:
            raise ValueError("need 0 < min_lr < max_lr")
        if self.factor <= 1 or self.rel_precision <= 0:
            raise ValueError("need factor > 1 and rel_precision > 0")
        if self.loss_ratio is not None and self.loss_ratio <= 1:
            raise ValueError("need loss_ratio > 1 (or None)")


@dataclass
class SearchResult:
    """One seed's divergent rate, the last stable rate below it and its probes."""

    seed: int
    divergent_lr: float
    stable_lr: float
    probes: list[Probe] = field(default_factory=list)


def results_to_dict(results: Sequence[SearchResult]) -> dict:
    """JSON form: seeds and their rates as aligned lists, then every probe."""
    return {
        "seeds": [r.seed for r in results],
        "divergent_lr": [r.divergent_lr for r in results],
        "stable_lr": [r.stable_lr for r in results],
        "probes": [asdict(p) for r in results for p in r.probes],
    }


BatchProbeFn = Callable[[Mapping[int, float]], Mapping[int, Probe]]


def _walk(settings: SearchSettings, seed: int) -> Generator[float, bool, tuple[float, float]]:
    """One seed's search: yields the next rate, is sent whether it diverged, returns bounds."""
    lr, stable = settings.min_lr, None
    while not (yield lr):
        stable = lr
        lr *= settings.factor
        if lr > settings.max_lr * (1 + 1e-12):
            raise SearchError(
                f"seed {seed}: no divergence up to lr {stable:.4g}: raise config key "
                f"lr_search.max_lr (now {settings.max_lr:g})."
            )
    if stable is None:
        raise SearchError(
            f"seed {seed}: training already diverges at the lower bound lr "
            f"{settings.min_lr:g}: lower config key lr_search.min_lr."
        )
    low, high = stable, lr
    while high / low > 1 + settings.rel_precision:
        middle = math.sqrt(low * high)
        if (yield middle):
            high = middle
        else:
            low = middle
    return low, high


def search(
    probe: BatchProbeFn,
    seeds: Sequence[int],
    settings: SearchSettings,
    log: Callable[[str], None] = lambda _: None,
) -> list[SearchResult]:
    """Find every seed's eta* to within ``settings.rel_precision``; see the module docstring.

    ``probe({seed: lr, ...})`` trains one probe per seed at that seed's rate, all at once.
    Each round is reported to ``log`` (the job's progress: a round is one probe budget).
    """
    walks = {seed: _walk(settings, seed) for seed in seeds}
    pending = {seed: next(walk) for seed, walk in walks.items()}
    probes: dict[int, list[Probe]] = {seed: [] for seed in seeds}
    results: dict[int, SearchResult] = {}
    started, rounds = time.perf_counter(), 0
    while pending:
        rounds += 1
        outcome = probe(pending)
        upcoming = {}
        for seed in pending:
            judged = judge_against_lower_rates(outcome[seed], probes[seed], settings.loss_ratio)
            probes[seed].append(judged)
            try:
                upcoming[seed] = walks[seed].send(judged.diverged)
            except StopIteration as stop:
                stable, divergent = stop.value
                results[seed] = SearchResult(seed, divergent, stable, probes[seed])
        pending = upcoming
        log(
            f"search round {rounds} ({time.perf_counter() - started:.0f} s): "
            f"{len(results)}/{len(seeds)} seeds done; next rates "
            + ", ".join(f"seed {seed} {lr:.4g}" for seed, lr in pending.items())
        )
    return [results[seed] for seed in seeds]


def judge_against_lower_rates(
    probe: Probe, earlier: Sequence[Probe], loss_ratio: float | None
) -> Probe:
    """``probe``, marked divergent if its final loss is far above the seed's lower rates'.

    Far above: more than ``loss_ratio`` times the lowest final loss of the seed's stable
    probes at lower rates (or of ``CONVERGED`` times the probe's initial loss, if higher).
    A probe with no stable lower rate, or already divergent, is returned as it is.
    """
    lower = [p.final_loss for p in earlier if not p.diverged and p.lr < probe.lr]
    lower = [loss for loss in lower if loss is not None]
    if probe.diverged or loss_ratio is None or not lower or probe.final_loss is None:
        return probe
    reference = max(min(lower), CONVERGED * (probe.initial_loss or 0.0))
    if probe.final_loss > loss_ratio * reference:
        return dataclasses.replace(probe, diverged=True, reason="above lower rates")
    return probe


def training_probe(
    template: RunSettings, data: DeviceData, collapse_accuracy: float | None = None
) -> BatchProbeFn:
    """Probe function that trains ``template`` for given seeds, each at its own rate, batched.

    A probe diverges when the loss on the whole training subsample, measured at the
    template's log points, becomes non-finite or exceeds ``divergence_factor`` times its
    initial value (the engine's divergence rule). With ``collapse_accuracy``, a probe whose
    final training accuracy is at or below it also counts as divergent: a network whose
    untrained loss is above chance (unscaled inputs) can collapse to predicting one class,
    whose loss ln(10) is below its start. Test metrics are skipped.
    """

    def probe(rates: Mapping[int, float]) -> dict[int, Probe]:
        """Train every seed at its rate in one batch and say which diverged."""
        seeds, lrs = list(rates), list(rates.values())
        train_only = dataclasses.replace(template, evaluate_test=False)
        runs = train_replicates(train_only, seeds, lrs, data, log=lambda _: None, progress=False)
        results = {}
        for seed, lr, run in zip(seeds, lrs, runs, strict=True):
            final = run.rows[-1]["train_loss"]
            collapsed = (
                collapse_accuracy is not None
                and run.rows[-1]["train_accuracy"] <= collapse_accuracy
            )
            reason = "loss" if run.status == "diverged" else "collapse" if collapsed else ""
            results[seed] = Probe(
                lr=lr,
                seed=seed,
                diverged=bool(reason),
                final_loss=final if math.isfinite(final) else None,
                diverged_at_update=run.diverged_at_update,
                initial_loss=run.rows[0]["train_loss"],
                reason=reason,
            )
        return results

    return probe
