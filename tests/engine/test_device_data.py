"""Preprocessing of the device data: standardized (default) or the midterm's centring."""

import pytest
import torch

from tests.conftest import synthetic_data


def test_center_subtracts_the_per_pixel_mean_on_the_byte_scale():
    data = synthetic_data().with_preprocessing("center")
    pixel_mean = (data.train_raw.double() * 255).mean(dim=0)
    assert data.train_x.double().mean(dim=0).abs().max() < 1e-4
    expected = data.test_raw.double() * 255 - pixel_mean
    torch.testing.assert_close(data.test_x.double(), expected, atol=1e-4, rtol=0)
    assert data.train_x.std() > 10  # not scaled: pixel values keep their 0-255 spread


def test_standardize_is_the_default_and_unchanged():
    data = synthetic_data()
    assert data.with_preprocessing("standardize") is data
    torch.testing.assert_close(data.train_x, (data.train_raw - 0.5) / 0.3)


def test_unknown_preprocessing_is_named():
    with pytest.raises(ValueError, match="unknown preprocessing 'whiten'"):
        synthetic_data().with_preprocessing("whiten")
