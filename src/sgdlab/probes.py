"""Learning-rate probes on the real model: short training runs that report divergence."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from sgdlab.lr_search import Probe, ProbeFn
from sgdlab.tensors import DeviceData
from sgdlab.train import RunSpec, train


def training_probe(template: RunSpec, data: DeviceData) -> ProbeFn:
    """Probe function that trains ``template`` at a given rate and seed within its budget.

    A probe diverges when the loss on the whole training subsample, measured at the
    template's log points, becomes non-finite or exceeds ``divergence_factor`` times its
    initial value (the engine's divergence rule). Test metrics are skipped: probes only
    need the training loss.
    """

    def probe(lr: float, seeds: Sequence[int]) -> list[Probe]:
        results = []
        for seed in seeds:
            spec = dataclasses.replace(template, lr=lr, seed=seed, evaluate_test=False)
            run = train(spec, data, log=lambda _: None)
            final = run.rows[-1]["train_loss"]
            results.append(
                Probe(
                    lr=lr,
                    seed=seed,
                    diverged=run.status == "diverged",
                    final_loss=final if math.isfinite(final) else None,
                    diverged_at_update=run.diverged_at_update,
                )
            )
        return results

    return probe
