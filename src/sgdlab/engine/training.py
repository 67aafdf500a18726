"""The SGD engine's loop: replicate seeds trained in lockstep on device tensors, exact resume.

Plain SGD is the default; a run may instead use momentum, Adam or AdamW (``optimizers``)
and may keep an exponential moving average of its weights (``averaging``), evaluated beside
the trained weights in ``ema_*`` columns.

One ``train_replicates`` call runs one configuration (``settings.RunSettings``) for several
seeds (each with its own learning rate) to their ends: budget, interpolation or divergence.
A replicate that stops early is frozen while the others go on; a group of replicates may
have its own budget and stop at interpolation (it is logged on the template's schedule up to
the template's budget, then at the same interval to its own end). Every replicate draws its
initialization, data order, training augmentation and test-time views from its own
generators exactly as a run of that seed alone does (``replicas``), so adding seeds does
not change what a seed computes. Between log points the ``stepper`` updates the replicates;
at each log point ``scoring`` measures them (test metrics at every log point or, with
``test_points``, at that many points spread on a log scale of updates and at the end).
With a checkpoint path the whole batch's state is saved at log points (``checkpoint``) and,
started again with the same settings, continues exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sgdlab.engine.checkpoint import BatchCheckpoint
from sgdlab.engine.device_data import DeviceData
from sgdlab.engine.progress import Progress
from sgdlab.engine.replicas import Replica, RunResult, build_replica
from sgdlab.engine.scoring import Scorer
from sgdlab.engine.settings import RunSettings, batch_fingerprint, replicate_settings
from sgdlab.engine.stepper import Stepper


def train_replicates(
    template: RunSettings,
    seeds: list[int],
    lrs: list[float],
    data: DeviceData,
    checkpoint_path: Path | None = None,
    checkpoint_every_passes: float = 1.0,
    log: Callable[[str], None] = print,
    overrides: Sequence[Mapping[str, Any]] | None = None,
    progress: bool = True,
) -> list[RunResult]:
    """Train ``template`` for every (seed, rate) pair in lockstep; one result per pair, in order.

    A seed may appear at several rates (the minibatch study's rate factors train together).
    ``overrides`` gives each replicate its own budget and stop at interpolation
    (``settings.GROUP_FIELDS``), e.g. one group of a batch trains on to interpolation
    while the others end at the template's budget. With ``progress``, a line in the log
    at most every ten seconds says how far the batch is (``progress.Progress``).
    """
    replicates = replicate_settings(template, seeds, lrs, overrides)
    data = data.with_preprocessing(template.preprocessing).with_validation(
        template.validation_fraction, template.validation_seed
    )
    n = data.n_train
    log_every = template.log_every_updates(n)
    replicas = [build_replica(settings, n, data.train_x.device) for settings in replicates]
    stepper = Stepper(replicas, data)
    checkpoint_every = max(1, round(checkpoint_every_passes * n / template.batch_size))
    checkpoint = BatchCheckpoint(
        checkpoint_path, batch_fingerprint(replicates), checkpoint_every, log
    )
    updates, elapsed = checkpoint.restore(replicas)
    scorer = Scorer(template, data, elapsed)
    if updates == 0:
        for replica in replicas:
            scorer.start(replica)
    # Where some replicate must be logged besides the log interval: the budgets' ends.
    ends = {scorer.total, *(scorer.budget(replica) for replica in replicas)}
    per_pass = n / template.batch_size
    bar = Progress(max(ends), updates, per_pass, f"B={template.batch_size}") if progress else None

    while any(replica.active for replica in replicas):
        end = min(stop for stop in ends if stop > updates)
        steps = min(log_every - updates % log_every, end - updates)
        stepper.run([r.sampler.next_block(steps) if r.active else None for r in replicas])
        updates += steps
        _log_points(replicas, scorer, updates, log_every, log)
        done = not any(replica.active for replica in replicas)
        checkpoint.save_if_due(replicas, updates, scorer.wall_time(), done)
        if bar is not None:
            bar.update(updates, replicas)
    if bar is not None:
        bar.close()
    return [replica.result for replica in replicas]


def _log_points(
    replicas: list[Replica],
    scorer: Scorer,
    updates: int,
    log_every: int,
    log: Callable[[str], None],
) -> None:
    """Score the active replicates due a point (log interval, the template's end, their own)."""
    for replica in replicas:
        own = (updates % log_every == 0) or updates in (scorer.total, scorer.budget(replica))
        if not replica.active or not own:
            continue
        row = scorer.log_point(replica, updates)
        if replica.result.status == "diverged":
            loss, seed, lr = row["train_loss"], replica.settings.seed, replica.settings.lr
            log(f"seed {seed} diverged at update {updates} (lr {lr:.4g}): train loss {loss}")


def train(
    settings: RunSettings,
    data: DeviceData,
    checkpoint_path: Path | None = None,
    checkpoint_every_passes: float = 1.0,
    log: Callable[[str], None] = print,
) -> RunResult:
    """Train the single run ``settings`` (its own seed and rate) to its end."""
    results = train_replicates(
        settings,
        [settings.seed],
        [settings.lr],
        data,
        checkpoint_path,
        checkpoint_every_passes,
        log,
    )
    return results[0]
