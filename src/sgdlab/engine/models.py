"""The two model families of the documents: an MLP with ReLU hidden layers and a small CNN."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

MODELS = ("mlp", "cnn")
N_CLASSES = 10


class MLP(nn.Module):
    """Fully connected network on flattened 28x28 images, ReLU after every hidden layer.

    ``MLP([64])`` is the minibatch study's one-hidden-layer network of width 64;
    ``MLP([32, 16, 12])`` is the midterm's averaged-SGD network. Unlike one course
    notebook, the ReLU output is used, so the network is not linear.
    """

    def __init__(self, hidden: Sequence[int]) -> None:
        super().__init__()
        widths = [28 * 28, *hidden]
        layers: list[nn.Module] = [nn.Flatten()]
        for fan_in, fan_out in zip(widths[:-1], widths[1:], strict=True):
            layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
        layers.append(nn.Linear(widths[-1], N_CLASSES))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits for a batch of (N, 1, 28, 28) normalized images."""
        return self.net(x)


class CNN(nn.Module):
    """Two 3x3 conv layers (8 and 16 channels), each ReLU + 2x2 max-pool, then a linear layer.

    The course's lab CNN is not given in the documents; this is the smallest network of
    that classic shape (about 14k parameters, 0.29 MFLOP-pairs per image) because the
    augmentation study evaluates 96k images after every pass.
    """

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Linear(16 * 7 * 7, N_CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits for a batch of (N, 1, 28, 28) normalized images."""
        # channels_last makes max-pooling on the CPU about 2.5x faster (measured in bench/).
        features = self.features(x.contiguous(memory_format=torch.channels_last))
        return self.classifier(features.flatten(1))


def build_model(name: str, hidden: Sequence[int], seed: int) -> nn.Module:
    """Build a model with PyTorch's default initialization drawn from ``seed`` alone."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of {MODELS}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        if name == "mlp":
            return MLP(hidden)
        return CNN().to(memory_format=torch.channels_last)


def model_slug(name: str, hidden: Sequence[int]) -> str:
    """Readable identifier for paths: ``mlp-64``, ``mlp-32-16-12`` or ``cnn``."""
    return "-".join([name, *map(str, hidden)]) if name == "mlp" else name
