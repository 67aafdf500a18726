"""Where one pass of the augmentation study's CNN job goes, phase by phase, on this machine.

Replays the engine's work for one effective pass of five replicates at B = 16 with training
augmentation (index draw, crop/angle draw, augmentation, forward, backward, optimizer step),
the training-accuracy check the engine runs after every pass, and one evaluation point
(clean test set and the T-view vote), each phase timed on its own with the engine's own
functions. Prints seconds per phase and its share.

Usage: python bench/profile_cnn.py [--threads N] [--replicates R] [--compile] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from contextlib import contextmanager

import torch
import torch.nn.functional as F

from sgdlab.engine.device_data import DeviceData, load_device_data
from sgdlab.engine.evaluation import clean_scores, compiled_evaluator, tta_scores
from sgdlab.engine.replicas import build_replica
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.transforms import Augmentation, apply, draw_params
from sgdlab.pipeline.fashion_mnist import DEBIAN_DIR, load_split
from sgdlab.pipeline.subsample import draw_subsample

AUG = Augmentation(padding=2, degrees=10.0)


class Phases:
    """Accumulated wall time per named phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def timed(self, name: str):  # noqa: ANN201
        start = time.perf_counter()
        yield
        self.seconds[name] += time.perf_counter() - start


def evaluate_once(model: torch.nn.Module, data: DeviceData) -> None:
    """Every evaluation of an evaluation point once, so a compiled forward meets each shape."""
    clean_scores(model, data.train_x, data.train_y, 512)
    clean_scores(model, data.test_x, data.test_y, 512)
    generator = torch.Generator().manual_seed(0)
    tta_scores(model, data.test_raw, data.test_y, data.normalize, AUG, 8, generator, 512)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--replicates", type=int, default=5)
    parser.add_argument("--compile", action="store_true", help="compiled evaluation forward")
    parser.add_argument("--passes", type=float, default=100, help="passes of a job, to project")
    parser.add_argument("--points", type=int, default=11, help="evaluation points of a job")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    train = load_split(DEBIAN_DIR, train=True)
    data = load_device_data(
        DEBIAN_DIR, draw_subsample(train.images, train.labels, 0.1, seed=0), torch.device("cpu")
    )
    settings = RunSettings(
        model="cnn", hidden=(), batch_size=16, lr=0.04, seed=0, max_passes=1.0,
        train_aug=AUG, tta_aug=AUG, tta_views=8, compile_evaluation=args.compile,
    )  # fmt: skip
    replicas = [
        build_replica(
            RunSettings(**{**settings.__dict__, "seed": s}), data.n_train, torch.device("cpu")
        )
        for s in range(args.replicates)
    ]
    phases = Phases()
    steps = data.n_train // settings.batch_size
    for replica in replicas:
        with phases.timed("draw indices"):
            block = replica.sampler.next_block(steps)
        with phases.timed("draw crops and angles"):
            params = draw_params(block.numel(), AUG, replica.aug_generator)
        for i, index in enumerate(block):
            window = slice(i * settings.batch_size, (i + 1) * settings.batch_size)
            with phases.timed("augment"):
                x = data.normalize(apply(data.train_raw[index], params.select(window), AUG))
            with phases.timed("forward"):
                loss = F.cross_entropy(replica.model(x), data.train_y[index])
            with phases.timed("backward"):
                replica.optimizer.zero_grad(set_to_none=True)
                loss.backward()
            with phases.timed("optimizer step"):
                replica.optimizer.step()
    compile_s = 0.0
    for replica in replicas:
        model = compiled_evaluator(replica.model) if args.compile else replica.model
        if args.compile:
            # The compile is once per job and batch shape, not per pass: time it apart.
            start = time.perf_counter()
            evaluate_once(model, data)
            compile_s += time.perf_counter() - start
        with phases.timed("training-accuracy check"):
            clean_scores(model, data.train_x, data.train_y, 512)
        with phases.timed("test evaluation (clean)"):
            clean_scores(model, data.test_x, data.test_y, 512)
        generator = torch.Generator().manual_seed(0)
        with phases.timed("test evaluation (8-view vote)"):
            tta_scores(model, data.test_raw, data.test_y, data.normalize, AUG, 8, generator, 512)
    per_pass = {k: v for k, v in phases.seconds.items() if not k.startswith("test")}
    per_point = {k: v for k, v in phases.seconds.items() if k.startswith("test")}
    job = {k: v * args.passes for k, v in per_pass.items()}
    job |= {k: v * args.points for k, v in per_point.items()}
    total = sum(job.values())
    if args.json:
        print(json.dumps({"per_pass": per_pass, "per_point": per_point, "job": job}))
        return
    print(
        f"{args.replicates} replicates at B = 16; measured one pass and one evaluation point, "
        f"projected to a job of {args.passes:g} passes and {args.points} evaluation points:"
    )
    for name, seconds in job.items():
        print(f"  {name:32s} {seconds:8.1f} s  {100 * seconds / total:5.1f}%")
    print(f"  {'total':32s} {total:8.1f} s")
    if args.compile:
        print(f"  (compiling the evaluation forward, once per job: {compile_s:.1f} s, not counted)")


if __name__ == "__main__":
    main()
