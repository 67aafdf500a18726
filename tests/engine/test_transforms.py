import pytest
import torch
from torchvision.transforms import v2
from torchvision.transforms.v2 import functional as TF

from sgdlab.engine.transforms import (
    Augmentation,
    AugParams,
    apply,
    augment,
    crop,
    draw_params,
    rotate,
)


@pytest.fixture
def images():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(32, 1, 28, 28, generator=g)
    return torch.where(x > 0.4, x, torch.zeros_like(x))


@pytest.mark.parametrize("angle", [0.0, 3.0, -7.25, 10.0, 29.5, -45.0, 90.0])
def test_rotation_equals_torchvision(images, angle):
    ours = rotate(images, torch.full((images.shape[0],), angle, dtype=torch.float64))
    assert torch.equal(ours, TF.rotate(images, angle))


def test_crop_equals_torchvision_pad_and_crop(images):
    padding = 3
    g = torch.Generator().manual_seed(1)
    top = torch.randint(0, 2 * padding + 1, (32,), generator=g)
    left = torch.randint(0, 2 * padding + 1, (32,), generator=g)
    ours = crop(images, top, left, padding)
    for i in range(32):
        reference = TF.crop(TF.pad(images[i], [padding]), int(top[i]), int(left[i]), 28, 28)
        assert torch.equal(ours[i], reference)


def test_crop_then_rotate_equals_torchvision_per_image(images):
    aug = Augmentation(padding=2, degrees=15.0)
    params = draw_params(32, aug, torch.Generator().manual_seed(2))
    ours = apply(images, params, aug)
    for i in range(32):
        cropped = TF.crop(TF.pad(images[i], [2]), int(params.top[i]), int(params.left[i]), 28, 28)
        assert torch.equal(ours[i], TF.rotate(cropped, float(params.angle[i])))


def test_parameters_differ_across_images_and_follow_the_generator():
    aug = Augmentation(padding=2, degrees=10.0)
    params = draw_params(64, aug, torch.Generator().manual_seed(0))
    assert params.angle.unique().numel() == 64
    assert params.top.unique().numel() > 1 and params.left.unique().numel() > 1
    assert params.top.min() >= 0 and params.top.max() <= 4
    assert params.angle.abs().max() <= 10.0
    again = draw_params(64, aug, torch.Generator().manual_seed(0))
    assert torch.equal(params.angle, again.angle) and torch.equal(params.top, again.top)


def test_batch_images_are_transformed_differently_unlike_torchvision_v2(images):
    same = images[:1].repeat(16, 1, 1, 1)
    ours = augment(same, Augmentation(2, 10.0), torch.Generator().manual_seed(0))
    distinct = {tuple(img.flatten().tolist()) for img in ours}
    assert len(distinct) > 8
    torch.manual_seed(0)
    batch_tv = v2.Compose([v2.RandomCrop(28, padding=2), v2.RandomRotation(10)])(same)
    assert all(torch.equal(batch_tv[0], img) for img in batch_tv), "v2 shares one draw per call"


def test_identity_augmentation_leaves_images_unchanged(images):
    aug = Augmentation(padding=0, degrees=0.0)
    params = AugParams(
        torch.zeros(32, dtype=torch.int64),
        torch.zeros(32, dtype=torch.int64),
        torch.zeros(32, dtype=torch.float64),
    )
    assert torch.equal(apply(images, params, aug), images)
