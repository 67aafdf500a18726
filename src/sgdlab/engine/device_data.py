"""The training subsample, its optional validation split and the test set, on the device."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import torch

from sgdlab.engine.holdout import validation_count
from sgdlab.pipeline.fashion_mnist import load_split
from sgdlab.pipeline.subsample import Subsample, load_test_split

PREPROCESSINGS = ("standardize", "center")


@dataclass
class DeviceData:
    """Raw [0, 1] images (N, 1, 28, 28), their preprocessed copies and labels, on one device.

    Raw images are kept for augmentation (its zero fill is black, as in torchvision);
    clean training and evaluation use the preprocessed copies made once here.
    ``preprocessing`` is ``standardize`` (the subsample's scalar pixel mean and std) or
    ``center``, the midterm's (002 part 3): pixel values on their 0-255 scale minus the
    subsample's per-pixel mean, not scaled. ``with_validation`` holds part of the training
    images out as a validation split (``validation_raw``, ``validation_y``).
    """

    train_raw: torch.Tensor
    train_y: torch.Tensor
    test_raw: torch.Tensor
    test_y: torch.Tensor
    mean: float
    std: float
    preprocessing: str = "standardize"
    validation_raw: torch.Tensor | None = None
    validation_y: torch.Tensor | None = None

    def __post_init__(self) -> None:
        """Preprocess both splits once, so that every evaluation reads ready tensors."""
        if self.preprocessing not in PREPROCESSINGS:
            raise ValueError(
                f"unknown preprocessing {self.preprocessing!r}; choose one of {PREPROCESSINGS}"
            )
        if self.preprocessing == "center":
            pixel_mean = (self.train_raw.double() * 255.0).mean(dim=0, keepdim=True)
            self.pixel_mean = pixel_mean.to(self.train_raw.dtype)
        self.train_x = self.normalize(self.train_raw)
        self.test_x = self.normalize(self.test_raw)
        raw = self.validation_raw
        self.validation_x = None if raw is None else self.normalize(raw)

    @property
    def n_train(self) -> int:
        """Number of training examples n (one effective pass = n samples)."""
        return self.train_y.shape[0]

    def normalize(self, raw: torch.Tensor) -> torch.Tensor:
        """Preprocess raw [0, 1] images with the training subsample's statistics."""
        if self.preprocessing == "center":
            return raw * 255.0 - self.pixel_mean
        return (raw - self.mean) / self.std

    def with_preprocessing(self, preprocessing: str) -> DeviceData:
        """The same images and labels under another preprocessing (self when it is the same)."""
        if preprocessing == self.preprocessing:
            return self
        return dataclasses.replace(self, preprocessing=preprocessing)

    def with_validation(self, fraction: float, seed: int) -> DeviceData:
        """The training images split into training and a held-out validation split.

        ``validation_count(n, fraction)`` images, drawn by ``seed`` alone (so every run seed,
        rate and batch size holds out the same images), leave the training split; both
        keep their dataset order. Standardization keeps the subsample's scalar statistics
        (pixel values only, no labels); centring takes the training split's per-pixel mean.
        A fraction of 0 returns self.
        """
        if fraction == 0.0:
            return self
        if self.validation_raw is not None:
            raise ValueError("the data already has a validation split")
        held = validation_count(self.n_train, fraction)
        order = torch.randperm(self.n_train, generator=torch.Generator().manual_seed(seed))
        validation = order[:held].sort().values.to(self.train_y.device)
        train = order[held:].sort().values.to(self.train_y.device)
        return dataclasses.replace(
            self,
            train_raw=self.train_raw[train],
            train_y=self.train_y[train],
            validation_raw=self.train_raw[validation],
            validation_y=self.train_y[validation],
        )


def _to_float(images: torch.Tensor, device: torch.device) -> torch.Tensor:
    """Bytes (N, 28, 28) as [0, 1] floats (N, 1, 28, 28) on ``device``, the models' layout."""
    return (images.to(device=device, dtype=torch.float32) / 255.0).unsqueeze(1)


def load_device_data(data_dir: Path, subsample: Subsample, device: torch.device) -> DeviceData:
    """Read the verified files, cut the subsample and move everything to ``device`` once."""
    train = load_split(data_dir, train=True)
    test = load_test_split(data_dir, subsample)
    index = torch.tensor(subsample.indices, dtype=torch.int64)
    return DeviceData(
        train_raw=_to_float(train.images[index], device),
        train_y=train.labels[index].to(device),
        test_raw=_to_float(test.images, device),
        test_y=test.labels.to(device),
        mean=subsample.mean,
        std=subsample.std,
    )
