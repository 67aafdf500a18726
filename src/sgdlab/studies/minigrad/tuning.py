"""003 questions 9-10 compared fairly: each variant at its own learning rate.

The rate is chosen on validation accuracy by a walk on the lattice lr0 x factor^k (lr0 the
data set's configured rate): the first ``seeds`` seeds are trained at k = -1, 0, 1, and the
walk steps outward while the best rate (mean final validation accuracy over those seeds)
lies at an end of what has been tried, up to ``max_steps`` steps from lr0. So the chosen
rate is interior to the rates tried, unless the walk hit its cap (flagged) or validation
accuracy does not depend on the rate at all (flagged as flat). The remaining seeds are then
trained at the chosen rate; the tuning runs at that rate are the runs of their seeds, since a
run is fixed by its rate and seed. The test split plays no part in the choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
from threadpoolctl import threadpool_limits

from sgdlab.studies.minigrad.training import Data, VariantSettings, train


@dataclass(frozen=True)
class TuningSettings:
    """The rate lattice's ratio, the seeds the walk trains, and its furthest step from lr0."""

    factor: float
    seeds: int
    max_steps: int

    def __post_init__(self) -> None:
        if self.factor <= 1 or self.seeds < 1 or self.max_steps < 1:
            raise ValueError(
                f"tuning needs factor > 1, seeds >= 1 and max_steps >= 1, got {self}; "
                "fix: minigrad.training.tuning"
            )


def walk(score: Callable[[int], float], max_steps: int) -> dict[int, float]:
    """Scores of the lattice steps tried: k = -1, 0, 1, then outward while the best is at an end.

    Ties go to the step nearest the start (k = 0).
    """
    scores = {k: score(k) for k in (-1, 0, 1)}
    while True:
        best = best_step(scores)
        if best == min(scores) and best > -max_steps:
            scores[best - 1] = score(best - 1)
        elif best == max(scores) and best < max_steps:
            scores[best + 1] = score(best + 1)
        else:
            return scores


def best_step(scores: dict[int, float]) -> int:
    """The step of the highest score; of equal ones, the nearest to k = 0 (then the lower)."""
    return max(scores, key=lambda k: (scores[k], -abs(k), -k))


def position(scores: dict[int, float], resolution: float) -> str:
    """Where the chosen step lies among those tried, or 'flat' if no rate changes the score.

    ``resolution`` is the smallest difference the score can show (one validation example of
    one tuning seed), so 'flat' means every rate tried scored the same.
    """
    if max(scores.values()) - min(scores.values()) < resolution:
        return "flat"
    best = best_step(scores)
    if best == min(scores):
        return "lowest rate tried (walk capped)"
    if best == max(scores):
        return "highest rate tried (walk capped)"
    return "interior"


def tune_and_train(
    data: Data, settings: VariantSettings, seeds: list[int], tuning: TuningSettings
) -> pd.DataFrame:
    """Every run of one (dataset, variant): the walk's runs, then the other seeds at its rate.

    Columns: lr_step, lr, seed, epoch, train_loss, val_accuracy, test_accuracy, selected
    (the chosen rate), tuning (a seed of the walk) and lr_position (``position`` of the
    chosen rate).
    """
    tuning_seeds = seeds[: tuning.seeds]
    runs: dict[tuple[int, int], pd.DataFrame] = {}

    def run(k: int, seed: int) -> pd.DataFrame:
        if (k, seed) not in runs:
            lr = settings.lr * tuning.factor**k
            with threadpool_limits(limits=1):  # one core per job, as the rule declares
                metrics = train(data, replace(settings, lr=lr), seed)
            runs[(k, seed)] = metrics.assign(lr_step=k, lr=lr, seed=seed)
        return runs[(k, seed)]

    def score(k: int) -> float:
        return sum(run(k, s)["val_accuracy"].iloc[-1] for s in tuning_seeds) / len(tuning_seeds)

    scores = walk(score, tuning.max_steps)
    chosen = best_step(scores)
    for seed in seeds:
        run(chosen, seed)
    metrics = pd.concat(runs.values(), ignore_index=True)
    metrics["selected"] = metrics["lr_step"] == chosen
    metrics["tuning"] = metrics["seed"].isin(tuning_seeds)
    metrics["lr_position"] = position(scores, 1.0 / (len(data.y_val) * len(tuning_seeds)))
    first = ["lr_step", "lr", "seed"]
    return metrics[first + [c for c in metrics.columns if c not in first]]
