"""One SGD step of the FashionMNIST MLP (784-64-10, batch 64): minigrad vs eager PyTorch.

Both on one CPU thread, float32 inputs cast to float64 in both; prints the time ratio.
Run: .venv/bin/python bench/minigrad.py
"""

import time

import numpy as np
import torch
from threadpoolctl import threadpool_limits

from sgdlab.minigrad import Node
from sgdlab.minigrad import functional as F
from sgdlab.minigrad.modules import SGD, MinigradMLP, MLPSettings

STEPS = 300


def main() -> None:
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 784))
    y = rng.integers(0, 10, 64)
    model = MinigradMLP(MLPSettings(784, (64,), 10, "relu"), rng)
    opt = SGD(model.parameters(), lr=0.01)

    def ours() -> None:
        opt.zero_grad()
        F.cross_entropy(model(Node(x, requires_grad=False)), y).backward()
        opt.step()

    net = torch.nn.Sequential(
        torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10)
    ).double()
    topt = torch.optim.SGD(net.parameters(), lr=0.01)
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def theirs() -> None:
        topt.zero_grad()
        torch.nn.functional.cross_entropy(net(tx), ty).backward()
        topt.step()

    with threadpool_limits(limits=1):
        result = {}
        for name, step in (("minigrad", ours), ("pytorch", theirs)):
            for _ in range(20):
                step()
            start = time.perf_counter()
            for _ in range(STEPS):
                step()
            result[name] = (time.perf_counter() - start) / STEPS
    ms = {name: seconds * 1e3 for name, seconds in result.items()}
    print(f"minigrad {ms['minigrad']:.3f} ms/step, pytorch {ms['pytorch']:.3f} ms/step")
    print(f"ratio minigrad / pytorch = {result['minigrad'] / result['pytorch']:.2f}")


if __name__ == "__main__":
    main()
