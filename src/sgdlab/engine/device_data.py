"""The training subsample and the test set as tensors that live on the device."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from sgdlab.pipeline.fashion_mnist import load_split
from sgdlab.pipeline.subsample import Subsample


@dataclass
class DeviceData:
    """Raw [0, 1] images (N, 1, 28, 28), their normalized copies and labels, on one device.

    Raw images are kept for augmentation (its zero fill is black, as in torchvision);
    clean training and evaluation use the normalized copies made once here.
    """

    train_raw: torch.Tensor
    train_y: torch.Tensor
    test_raw: torch.Tensor
    test_y: torch.Tensor
    mean: float
    std: float

    def __post_init__(self) -> None:
        self.train_x = self.normalize(self.train_raw)
        self.test_x = self.normalize(self.test_raw)

    @property
    def n_train(self) -> int:
        """Number of training examples n (one effective pass = n samples)."""
        return self.train_y.shape[0]

    def normalize(self, raw: torch.Tensor) -> torch.Tensor:
        """Standardize raw [0, 1] images with the subsample's pixel mean and std."""
        return (raw - self.mean) / self.std


def _to_float(images: torch.Tensor, device: torch.device) -> torch.Tensor:
    return (images.to(device=device, dtype=torch.float32) / 255.0).unsqueeze(1)


def load_device_data(data_dir: Path, subsample: Subsample, device: torch.device) -> DeviceData:
    """Read the verified files, cut the subsample and move everything to ``device`` once."""
    train = load_split(data_dir, train=True)
    test = load_split(data_dir, train=False)
    index = torch.tensor(subsample.indices, dtype=torch.int64)
    return DeviceData(
        train_raw=_to_float(train.images[index], device),
        train_y=train.labels[index].to(device),
        test_raw=_to_float(test.images, device),
        test_y=test.labels.to(device),
        mean=subsample.mean,
        std=subsample.std,
    )
