"""Replicate seeds in one batched job vs one job per seed, on the same machine in one run.

(a) five replicates of the MLP(64) at B = 1: one stacked step (``analytic_mlp``) for all
    five against five separate single-replicate steps, in updates per second of each seed;
(b) the minibatch study's job for one B at B = 1: fifteen replicates (rate factors 1/2,
    1/4, 1/8 times five seeds) in one stacked step, against three stacked steps of five
    (one job per factor, as before);
(c) five replicates of the CNN's augmented training pass at B = 16 over the 6000-image
    subsample: the engine's choice (a loop over the replicates inside each step) against
    five separate passes, and against ``torch.func.vmap`` over the stacked parameters
    (the batched alternative the engine does not use on the CPU).

Usage: python bench/replicates.py [--threads N] [--device cpu|cuda] [--json]
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import time

import torch
import torch.nn.functional as F
from torch.func import functional_call, grad, stack_module_state, vmap

from sgdlab.engine.device_data import DeviceData, load_device_data
from sgdlab.engine.replicas import build_replica
from sgdlab.engine.sampling import BatchSampler
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.stepper import Stepper
from sgdlab.engine.transforms import Augmentation, apply, draw_params
from sgdlab.pipeline.fashion_mnist import DEBIAN_DIR, load_split
from sgdlab.pipeline.subsample import draw_subsample

AUG = Augmentation(padding=2, degrees=10.0)
SEEDS = [0, 1, 2, 3, 4]
FACTORS = [0.5, 0.25, 0.125]


def _sync(data: DeviceData) -> None:
    if data.train_x.is_cuda:
        torch.cuda.synchronize()


def _blocks(data: DeviceData, batch: int, steps: int) -> list[torch.Tensor]:
    return [
        BatchSampler(data.n_train, batch, "shuffle", torch.Generator().manual_seed(s)).next_block(
            steps
        )
        for s in SEEDS
    ]


def _timed_steps(data: DeviceData, replicates: list[RunSettings], blocks: list) -> float:
    replicas = [
        build_replica(settings, data.n_train, data.train_x.device) for settings in replicates
    ]
    stepper = Stepper(replicas, data)
    _sync(data)
    start = time.perf_counter()
    stepper.run(blocks)
    _sync(data)
    return time.perf_counter() - start


def _seeded(settings: RunSettings, seeds: list[int], factor: float = 1.0) -> list[RunSettings]:
    return [dataclasses.replace(settings, seed=s, lr=settings.lr * factor) for s in seeds]


def batched_vs_separate(data: DeviceData, settings: RunSettings, steps: int) -> tuple[float, float]:
    """Seconds for all replicates' steps: one batched stepper, and one stepper per seed."""
    blocks = _blocks(data, settings.batch_size, steps)
    batched = _timed_steps(data, _seeded(settings, SEEDS), blocks)
    separate = sum(
        _timed_steps(data, _seeded(settings, [s]), [b]) for s, b in zip(SEEDS, blocks, strict=True)
    )
    return batched, separate


def factors_in_one_batch(
    data: DeviceData, settings: RunSettings, steps: int
) -> tuple[float, float]:
    """Seconds for every (factor, seed) replicate's steps: one stepper, and one per factor."""
    blocks = _blocks(data, settings.batch_size, steps)
    replicates = [s for f in FACTORS for s in _seeded(settings, SEEDS, f)]
    together = _timed_steps(data, replicates, blocks * len(FACTORS))
    per_factor = sum(_timed_steps(data, _seeded(settings, SEEDS, f), blocks) for f in FACTORS)
    return together, per_factor


def vmap_cnn_pass(data: DeviceData, steps: int) -> float:
    """Seconds for the five CNN replicates' augmented steps through vmap over stacked params."""
    settings = RunSettings("cnn", (), 16, 0.04, 0, max_passes=1, train_aug=AUG)
    models = [
        build_replica(replica, 1, data.train_x.device).model for replica in _seeded(settings, SEEDS)
    ]
    params, buffers = stack_module_state(models)
    base = copy.deepcopy(models[0]).to("meta")

    def loss(p: dict, b: dict, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(functional_call(base, (p, b), (x,)), y)

    step_grads = vmap(grad(loss))
    blocks = torch.stack(_blocks(data, 16, steps), dim=1).to(data.train_x.device)
    generator = torch.Generator().manual_seed(1)
    augment = draw_params(blocks.numel(), AUG, generator).to(data.train_x.device)
    _sync(data)
    start = time.perf_counter()
    for i, index in enumerate(blocks):
        window = torch.arange(i * 80, (i + 1) * 80, device=data.train_x.device)
        flat = index.reshape(-1)
        x = data.normalize(apply(data.train_raw[flat], augment.select(window), AUG))
        grads = step_grads(params, buffers, x.view(5, 16, 1, 28, 28), data.train_y[index])
        with torch.no_grad():
            for name, value in grads.items():
                params[name].sub_(value, alpha=settings.lr)
    _sync(data)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="as a pipeline job (default 1)")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--mlp-updates", type=int, default=6000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    train = load_split(DEBIAN_DIR, train=True)
    subsample = draw_subsample(train.images, train.labels, 0.1, seed=0)
    data = load_device_data(DEBIAN_DIR, subsample, torch.device(args.device))

    mlp = RunSettings("mlp", (64,), 1, 0.01, 0, max_updates=args.mlp_updates)
    cnn = RunSettings("cnn", (), 16, 0.04, 0, max_passes=1, train_aug=AUG)
    cnn_steps = data.n_train // 16
    mlp_batched, mlp_separate = batched_vs_separate(data, mlp, args.mlp_updates)
    together, per_factor = factors_in_one_batch(data, mlp, args.mlp_updates)
    cnn_batched, cnn_separate = batched_vs_separate(data, cnn, cnn_steps)
    cnn_vmap = vmap_cnn_pass(data, cnn_steps)
    result = {
        "mlp_b1_5_replicates_s": {
            "batched": round(mlp_batched, 3),
            "separate": round(mlp_separate, 3),
            "speedup": round(mlp_separate / mlp_batched, 2),
        },
        "mlp_b1_3_factors_x_5_seeds_s": {
            "one_job": round(together, 3),
            "job_per_factor": round(per_factor, 3),
            "speedup": round(per_factor / together, 2),
        },
        "cnn_aug_pass_5_replicates_s": {
            "batched": round(cnn_batched, 3),
            "separate": round(cnn_separate, 3),
            "speedup": round(cnn_separate / cnn_batched, 2),
            "vmap": round(cnn_vmap, 3),
            "vmap_speedup": round(cnn_separate / cnn_vmap, 2),
        },
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"device {args.device}, {args.threads} thread(s), {len(SEEDS)} replicates")
    for key, row in result.items():
        print(key, row)


if __name__ == "__main__":
    main()
