"""Engine vs the course notebooks' way, on the same machine in one run.

(a) one augmented training pass of the CNN at B = 16 over the 6000-image subsample;
(b) test-time-augmented evaluation of the 10000 test images x 8 views, eager and with the
    evaluation forward compiled (``compute.compile_evaluation``, after its one-off compile);
(c) MLP(64) SGD updates per second at B = 1.

The reference is written as the notebooks write it: a DataLoader over a Dataset whose
``__getitem__`` applies torchvision v2 RandomCrop + RandomRotation to one image, a plain
NCHW model, per-image test-time augmentation, and for the MLP the midterm's loop
(``np.random.choice`` indices, ``torch.autograd.grad``, a Python loop of in-place updates).

Usage: python bench/engine.py [--threads N] [--device cpu|cuda] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, Dataset
from torchvision.transforms import v2

from sgdlab.engine.device_data import DeviceData, load_device_data
from sgdlab.engine.evaluation import compiled_evaluator, tta_scores
from sgdlab.engine.models import build_model
from sgdlab.engine.replicas import build_replica
from sgdlab.engine.sampling import BatchSampler
from sgdlab.engine.settings import RunSettings
from sgdlab.engine.stepper import Stepper
from sgdlab.engine.transforms import Augmentation
from sgdlab.pipeline.fashion_mnist import DEBIAN_DIR, load_split
from sgdlab.pipeline.subsample import draw_subsample

AUG = Augmentation(padding=2, degrees=10.0)
VIEWS = 8


def reference_cnn() -> nn.Module:
    """The same architecture as sgdlab's CNN, written plainly (NCHW, no layout tricks)."""
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 7 * 7, 10),
    )


class AugmentedImages(Dataset):
    """Notebook-style dataset: one image at a time through torchvision v2 transforms."""

    def __init__(self, data: DeviceData) -> None:
        self.data = data
        self.transform = v2.Compose(
            [v2.RandomCrop(28, padding=AUG.padding), v2.RandomRotation(AUG.degrees)]
        )

    def __len__(self) -> int:
        return self.data.n_train

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        image = self.transform(self.data.train_raw[i])
        return self.data.normalize(image), self.data.train_y[i]


def reference_cnn_pass(data: DeviceData) -> float:
    model = reference_cnn()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.04)
    loader = DataLoader(AugmentedImages(data), batch_size=16, shuffle=True)
    start = time.perf_counter()
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start


def engine_cnn_pass(data: DeviceData) -> float:
    settings = RunSettings("cnn", (), 16, 0.04, 0, max_passes=1, train_aug=AUG)
    stepper = Stepper([build_replica(settings, data.n_train, data.train_x.device)], data)
    sampler = BatchSampler(data.n_train, 16, "shuffle", torch.Generator().manual_seed(2))
    block = sampler.next_block(data.n_train // 16)
    _sync(data)
    start = time.perf_counter()
    stepper.run([block])
    _sync(data)
    return time.perf_counter() - start


def reference_tta(data: DeviceData, model: nn.Module) -> float:
    transform = v2.Compose([v2.RandomCrop(28, padding=AUG.padding), v2.RandomRotation(AUG.degrees)])
    correct = 0
    start = time.perf_counter()
    with torch.no_grad():
        for image, label in zip(data.test_raw, data.test_y, strict=True):
            views = torch.stack([data.normalize(transform(image)) for _ in range(VIEWS)])
            votes = Counter(model(views).argmax(dim=1).tolist())
            correct += int(votes.most_common(1)[0][0] == int(label))
    return time.perf_counter() - start


def engine_tta(data: DeviceData, model: nn.Module, batch_size: int) -> float:
    _sync(data)
    start = time.perf_counter()
    tta_scores(
        model,
        data.test_raw,
        data.test_y,
        data.normalize,
        AUG,
        VIEWS,
        torch.Generator().manual_seed(0),
        batch_size,
    )
    _sync(data)
    return time.perf_counter() - start


def reference_mlp_updates_per_s(data: DeviceData, updates: int) -> float:
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    x, y = data.train_x, data.train_y
    average_loss, lr = 0.0, 0.01
    start = time.perf_counter()
    for _ in range(updates):
        idxs = np.random.choice(x.shape[0], size=(1,))
        objective = F.cross_entropy(mlp(x[idxs]), y[idxs])
        average_loss = 0.99 * average_loss + 0.01 * objective.item()
        gradients = torch.autograd.grad(outputs=objective, inputs=mlp.parameters())
        with torch.no_grad():
            for w, g in zip(mlp.parameters(), gradients, strict=True):
                w -= lr * g
    return updates / (time.perf_counter() - start)


def engine_mlp_updates_per_s(data: DeviceData, updates: int) -> float:
    settings = RunSettings("mlp", (64,), 1, 0.01, 0, max_updates=updates)
    stepper = Stepper([build_replica(settings, data.n_train, data.train_x.device)], data)
    block = BatchSampler(data.n_train, 1, "shuffle", torch.Generator().manual_seed(0)).next_block(
        updates
    )
    _sync(data)
    start = time.perf_counter()
    stepper.run([block])
    _sync(data)
    return updates / (time.perf_counter() - start)


def _sync(data: DeviceData) -> None:
    if data.train_x.is_cuda:
        torch.cuda.synchronize()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="as a pipeline job (default 1)")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--mlp-updates", type=int, default=6000)
    parser.add_argument("--eval-batch-size", type=int, default=512)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    train = load_split(DEBIAN_DIR, train=True)
    subsample = draw_subsample(train.images, train.labels, 0.1, seed=0)
    cpu_data = load_device_data(DEBIAN_DIR, subsample, torch.device("cpu"))
    data = load_device_data(DEBIAN_DIR, subsample, torch.device(args.device))
    cnn = build_model("cnn", (), 0).to(data.train_x.device).eval()
    engine_tta(data, cnn, args.eval_batch_size)  # warm-up (allocator, kernels)
    compiled = compiled_evaluator(cnn)
    engine_tta(data, compiled, args.eval_batch_size)  # compiles each batch shape once

    rows = {
        "cnn_train_pass_s": (engine_cnn_pass(data), reference_cnn_pass(cpu_data), "s", False),
        "tta_eval_s": (
            engine_tta(data, cnn, args.eval_batch_size),
            reference_tta(cpu_data, reference_cnn().eval()),
            "s",
            False,
        ),
        "tta_eval_compiled_s": (
            engine_tta(data, compiled, args.eval_batch_size),
            reference_tta(cpu_data, reference_cnn().eval()),
            "s",
            False,
        ),
        "mlp_b1_updates_per_s": (
            engine_mlp_updates_per_s(data, args.mlp_updates),
            reference_mlp_updates_per_s(cpu_data, args.mlp_updates),
            "updates/s",
            True,
        ),
    }
    result = {
        key: {
            "engine": round(engine, 3),
            "reference": round(reference, 3),
            "speedup": round(engine / reference if higher else reference / engine, 2),
        }
        for key, (engine, reference, _, higher) in rows.items()
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"device {args.device}, {args.threads} thread(s); reference always on the CPU")
    print(f"{'measure':<24}{'engine':>12}{'reference':>12}{'speedup':>10}")
    for key, (_, _, unit, _) in rows.items():
        r = result[key]
        print(
            f"{key:<24}{r['engine']:>12.3f}{r['reference']:>12.3f}{r['speedup']:>9.1f}x  ({unit})"
        )


if __name__ == "__main__":
    main()
