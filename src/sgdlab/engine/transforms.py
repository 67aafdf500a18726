"""Per-image random crop and rotation on batched tensors, identical on CPU and GPU.

``torchvision.transforms.v2`` draws one set of parameters per call, so on a batch every
image gets the same crop and angle. Here every image gets its own: the parameters are drawn
from an explicit CPU ``torch.Generator`` (so they do not depend on the device) and applied
in two batched steps that reproduce ``RandomCrop(28, padding=p)`` followed by
``RandomRotation(d)`` (nearest interpolation, zero fill) exactly, with one inverse rotation
matrix per image and a single batched lookup (see ``transform``).
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


def transform(
    images: torch.Tensor,
    top: torch.Tensor,
    left: torch.Tensor,
    padding: int,
    angle: torch.Tensor,
) -> torch.Tensor:
    """Crop (window at top/left of the zero-padded image) then rotate, per image.

    Rotation maps every output pixel centre through the image's own inverse rotation
    matrix, written with torchvision's formula (pixel-centred coordinates, scaled by half
    the size, as ``affine_grid`` with ``align_corners=False``), and reads the nearest
    pixel the way ``grid_sample(mode="nearest")`` does: unnormalize, round half to even,
    zero outside the image. Nearest-neighbour sampling is a lookup, so the crop offset
    joins the same index and one ``gather`` from the padded batch does both steps; the
    tests check the result against torchvision pixel for pixel.
    """
    n, channels, height, width = images.shape
    kw = {"device": images.device, "dtype": images.dtype}
    radians = angle.to(torch.float64) * (math.pi / 180.0)
    cos, sin = torch.cos(radians).to(images.dtype), torch.sin(radians).to(images.dtype)
    # Source pixel (col, row) of every output pixel centre (x, y), relative to the centre:
    # col = cos x - sin y + (W - 1) / 2, row = sin x + cos y + (H - 1) / 2, as one matmul.
    xs = torch.linspace(-width * 0.5 + 0.5, width * 0.5 - 0.5, width, **kw)
    ys = torch.linspace(-height * 0.5 + 0.5, height * 0.5 - 0.5, height, **kw)
    centred = torch.stack([xs.repeat(height), ys.repeat_interleave(width)])
    matrix = torch.stack([cos, -sin, sin, cos], dim=1).view(n * 2, 2)
    centre = torch.tensor([(width - 1) / 2, (height - 1) / 2], **kw).repeat(n)[:, None]
    source = torch.addmm(centre, matrix, centred).round_().view(n, 2, height * width)
    col, row = source[:, 0], source[:, 1]
    inside = (col >= 0) & (col <= width - 1) & (row >= 0) & (row <= height - 1)
    padded_width = width + 2 * padding
    index = (row.clamp(0, height - 1).long() + top[:, None]) * padded_width
    index += col.clamp(0, width - 1).long() + left[:, None]
    padded = F.pad(images, (padding,) * 4) if padding else images
    flat = padded.reshape(n, channels, -1)
    index = index.view(n, 1, height * width).expand(n, channels, height * width)
    out = flat.gather(2, index).view(n, channels, height, width)
    return out * inside.view(n, 1, height, width).to(images.dtype)


def crop(images: torch.Tensor, top: torch.Tensor, left: torch.Tensor, padding: int) -> torch.Tensor:
    """Zero-pad (N, C, H, W) images by ``padding`` and cut each image's own HxW window."""
    no_rotation = torch.zeros(images.shape[0], dtype=torch.float64, device=images.device)
    return transform(images, top, left, padding, no_rotation)


def rotate(images: torch.Tensor, angle: torch.Tensor) -> torch.Tensor:
    """Rotate each image counter-clockwise by its angle (degrees) about its centre.

    Nearest-neighbour sampling with zero fill, as torchvision's ``rotate`` by default.
    """
    origin = torch.zeros(images.shape[0], dtype=torch.int64, device=images.device)
    return transform(images, origin, origin, 0, angle)


def apply(images: torch.Tensor, params: AugParams, aug: Augmentation) -> torch.Tensor:
    """Crop then rotate every image of the batch with its own parameters."""
    return transform(images, params.top, params.left, aug.padding, params.angle)


def augment(images: torch.Tensor, aug: Augmentation, generator: torch.Generator) -> torch.Tensor:
    """Draw fresh per-image parameters from ``generator`` and apply them to the batch."""
    params = draw_params(images.shape[0], aug, generator).to(images.device)
    return apply(images, params, aug)
