"""Per-image random crop and rotation on batched tensors, identical on CPU and GPU.

``torchvision.transforms.v2`` draws one set of parameters per call, so on a batch every
image gets the same crop and angle. Here every image gets its own: the parameters are drawn
from an explicit CPU ``torch.Generator`` (so they do not depend on the device) and applied
in two batched steps that reproduce ``RandomCrop(28, padding=p)`` followed by
``RandomRotation(d)`` (nearest interpolation, zero fill) exactly: a gather of each image's
crop window from the zero-padded batch, then one ``affine_grid``/``grid_sample`` with a
rotation matrix per image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class Augmentation:
    """Random crop with zero padding ``padding`` and random rotation in ``+-degrees``."""

    padding: int
    degrees: float


@dataclass(frozen=True)
class AugParams:
    """Per-image parameters: crop window corner (top, left) in the padded image, angle."""

    top: torch.Tensor
    left: torch.Tensor
    angle: torch.Tensor

    def to(self, device: torch.device) -> AugParams:
        """The same parameters on ``device``."""
        return AugParams(self.top.to(device), self.left.to(device), self.angle.to(device))

    def select(self, index: torch.Tensor) -> AugParams:
        """The parameters of the images at ``index``."""
        return AugParams(self.top[index], self.left[index], self.angle[index])


def draw_params(n: int, aug: Augmentation, generator: torch.Generator) -> AugParams:
    """Draw independent crop offsets and angles for ``n`` images from a CPU generator.

    Offsets are uniform integers in [0, 2p] and angles uniform in [-d, d] degrees, the
    distributions of torchvision's RandomCrop and RandomRotation.
    """
    top = torch.randint(0, 2 * aug.padding + 1, (n,), generator=generator)
    left = torch.randint(0, 2 * aug.padding + 1, (n,), generator=generator)
    angle = torch.rand(n, generator=generator, dtype=torch.float64) * 2 * aug.degrees - aug.degrees
    return AugParams(top, left, angle)


def crop(images: torch.Tensor, top: torch.Tensor, left: torch.Tensor, padding: int) -> torch.Tensor:
    """Zero-pad (N, C, H, W) images by ``padding`` and cut each image's own HxW window."""
    if padding == 0:
        return images
    n, _, height, width = images.shape
    padded = F.pad(images, (padding,) * 4)
    rows = (top[:, None] + torch.arange(height, device=images.device))[:, :, None]
    cols = (left[:, None] + torch.arange(width, device=images.device))[:, None, :]
    batch = torch.arange(n, device=images.device)[:, None, None]
    return padded[batch, :, rows, cols].permute(0, 3, 1, 2)


def rotate(images: torch.Tensor, angle: torch.Tensor) -> torch.Tensor:
    """Rotate each image counter-clockwise by its angle (degrees) about its centre.

    Nearest-neighbour sampling with zero fill, as torchvision's ``rotate`` by default.
    """
    radians = angle.to(torch.float64) * (math.pi / 180.0)
    cos, sin = torch.cos(radians), torch.sin(radians)
    zero = torch.zeros_like(cos)
    theta = torch.stack(
        [torch.stack([cos, -sin, zero], dim=1), torch.stack([sin, cos, zero], dim=1)], dim=1
    ).to(images.dtype)
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    return F.grid_sample(images, grid, mode="nearest", padding_mode="zeros", align_corners=False)


def apply(images: torch.Tensor, params: AugParams, aug: Augmentation) -> torch.Tensor:
    """Crop then rotate every image of the batch with its own parameters."""
    out = crop(images, params.top, params.left, aug.padding)
    if aug.degrees > 0:
        out = rotate(out, params.angle)
    return out


def augment(images: torch.Tensor, aug: Augmentation, generator: torch.Generator) -> torch.Tensor:
    """Draw fresh per-image parameters from ``generator`` and apply them to the batch."""
    params = draw_params(images.shape[0], aug, generator).to(images.device)
    return apply(images, params, aug)
