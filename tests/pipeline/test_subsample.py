import pytest
import torch

from sgdlab.pipeline.subsample import draw_subsample, load_test_split


def test_subsample_size_seed_counts_and_statistics():
    images = torch.randint(0, 256, (1000, 28, 28), dtype=torch.uint8)
    labels = torch.arange(1000) % 10
    a = draw_subsample(images, labels, 0.1, seed=3)
    b = draw_subsample(images, labels, 0.1, seed=3)
    c = draw_subsample(images, labels, 0.1, seed=4)
    assert a == b and a.indices != c.indices
    assert len(a.indices) == 100 and len(set(a.indices)) == 100
    assert a.indices == sorted(a.indices)
    assert sum(a.class_counts) == 100
    assert a.class_counts == torch.bincount(labels[a.indices], minlength=10).tolist()
    chosen = images[a.indices].double() / 255
    assert a.mean == pytest.approx(float(chosen.mean()))
    assert a.std == pytest.approx(float(chosen.std()))


@pytest.mark.parametrize("fraction", [0.0, -0.1, 1.5])
def test_bad_fraction_is_refused(fraction):
    with pytest.raises(ValueError, match="subsample_fraction"):
        draw_subsample(
            torch.zeros(10, 28, 28, dtype=torch.uint8),
            torch.zeros(10, dtype=torch.int64),
            fraction,
            0,
        )


def test_test_images_keeps_the_first_images_of_the_test_set(fashion_dir):
    images = torch.zeros(10, 28, 28, dtype=torch.uint8)
    labels = torch.arange(10)
    whole = load_test_split(fashion_dir, draw_subsample(images, labels, 0.5, 0))
    first = load_test_split(fashion_dir, draw_subsample(images, labels, 0.5, 0, test_images=300))
    assert whole.labels.shape[0] == 10_000
    assert torch.equal(first.images, whole.images[:300])
    assert torch.equal(first.labels, whole.labels[:300])


def test_test_images_beyond_the_test_set_or_negative_are_refused(fashion_dir):
    images, labels = torch.zeros(10, 28, 28, dtype=torch.uint8), torch.arange(10)
    with pytest.raises(ValueError, match="the test set has 10000 images"):
        load_test_split(fashion_dir, draw_subsample(images, labels, 0.5, 0, test_images=10_001))
    with pytest.raises(ValueError, match="data.test_images must be >= 0"):
        draw_subsample(images, labels, 0.5, 0, test_images=-1)
