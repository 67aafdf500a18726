"""The model families of the documents: MLPs, a small CNN and the PyTorch tutorial's LeNet."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

MODELS = ("mlp", "cnn", "lenet")
ACTIVATIONS = ("relu", "none")
N_CLASSES = 10


class MLP(nn.Module):
    """Fully connected network on flattened 28x28 images, ReLU after every hidden layer.

    ``MLP([64])`` is the minibatch study's one-hidden-layer network of width 64;
    ``MLP([32, 16, 12])`` is the midterm's averaged-SGD network. With ``activation="none"``
    the hidden layers have no nonlinearity: the midterm notebook's network, whose ReLU
    outputs are computed and discarded, so that it is a linear model in disguise. Its
    linear layers are built in the same order, so a seed gives both the same weights.
    """

    def __init__(self, hidden: Sequence[int], activation: str = "relu") -> None:
        """Layers of the given hidden widths, created input to output (the seed's draw order)."""
        super().__init__()
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown hidden activation {activation!r}; choose one of {ACTIVATIONS}"
            )
        self.activation = activation
        widths = [28 * 28, *hidden]
        layers: list[nn.Module] = [nn.Flatten()]
        for fan_in, fan_out in zip(widths[:-1], widths[1:], strict=True):
            layers.append(nn.Linear(fan_in, fan_out))
            if activation == "relu":
                layers.append(nn.ReLU())
        layers.append(nn.Linear(widths[-1], N_CLASSES))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits for a batch of (N, 1, 28, 28) normalized images."""
        return self.net(x)


def conv_block(channels_in: int, channels_out: int, kernel: int, padding: int) -> list[nn.Module]:
    """Convolution, ReLU and 2x2 max-pooling: the stage both convolutional nets repeat."""
    return [
        nn.Conv2d(channels_in, channels_out, kernel_size=kernel, padding=padding),
        nn.ReLU(),
        nn.MaxPool2d(2),
    ]


class CNN(nn.Module):
    """Two 3x3 conv layers (8 and 16 channels), each ReLU + 2x2 max-pool, then a linear layer.

    The course's lab CNN is not given in the documents; this is the smallest network of
    that classic shape (about 14k parameters, 0.29 MFLOP-pairs per image) because the
    augmentation study evaluates 96k images after every pass.
    """

    def __init__(self) -> None:
        """Convolutional features then the linear classifier, in the seed's draw order."""
        super().__init__()
        self.features = nn.Sequential(*conv_block(1, 8, 3, 1), *conv_block(8, 16, 3, 1))
        self.classifier = nn.Linear(16 * 7 * 7, N_CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits for a batch of (N, 1, 28, 28) normalized images."""
        # channels_last makes max-pooling on the CPU about 2.5x faster (measured in bench/).
        features = self.features(x.contiguous(memory_format=torch.channels_last))
        return self.classifier(features.flatten(1))


class LeNet(nn.Module):
    """The PyTorch CIFAR-10 tutorial's CNN, adapted to one-channel 28x28 images.

    Conv 5x5 with 6 channels, 2x2 max-pool, conv 5x5 with 16 channels, 2x2 max-pool, then
    fully connected layers of 120, 84 and 10 units, ReLU between all of them. Adaptation:
    the first conv takes 1 input channel instead of 3 and pads by 2, so a 28x28 image gives
    the tutorial's 16x5x5 feature map (as a 32x32 image does unpadded) and every later layer
    keeps the tutorial's shape.
    """

    def __init__(self) -> None:
        """The tutorial's layers, created input to output (the seed's draw order)."""
        super().__init__()
        self.features = nn.Sequential(*conv_block(1, 6, 5, 2), *conv_block(6, 16, 5, 0))
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120),
            nn.ReLU(),
            nn.Linear(120, 84),
            nn.ReLU(),
            nn.Linear(84, N_CLASSES),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits for a batch of (N, 1, 28, 28) preprocessed images."""
        return self.classifier(self.features(x))


def build_model(name: str, hidden: Sequence[int], seed: int, activation: str = "relu") -> nn.Module:
    """Build a model with PyTorch's default initialization drawn from ``seed`` alone.

    ``activation`` is the MLP's hidden activation; the CNNs always use ReLU.
    """
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of {MODELS}")
    if name != "mlp" and activation != "relu":
        raise ValueError(f"hidden_activation {activation!r} applies to the mlp only; use relu")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        if name == "mlp":
            return MLP(hidden, activation)
        if name == "lenet":
            return LeNet()
        return CNN().to(memory_format=torch.channels_last)


def model_slug(name: str, hidden: Sequence[int], activation: str = "relu") -> str:
    """Readable identifier for paths: ``mlp-64``, ``mlp-32-16-12-linear``, ``cnn``, ``lenet``.

    An MLP without hidden activation gets the suffix ``-linear``, so that its learning-rate
    search and runs have their own paths.
    """
    if name != "mlp":
        return name
    suffix = ["linear"] if activation == "none" else []
    return "-".join([name, *map(str, hidden), *suffix])
