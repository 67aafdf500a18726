import pytest
import torch

from sgdlab.pipeline.subsample import draw_subsample


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
