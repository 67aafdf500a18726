"""Rules fetch_data and subsample: the verified FashionMNIST files, then the subsample.

The rule's ``params.data`` names what it makes.
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.fashion_mnist import load_split, materialize
from sgdlab.pipeline.files import write_csv, write_json
from sgdlab.pipeline.job import job
from sgdlab.pipeline.subsample import draw_subsample

out, params = snakemake.output, snakemake.params


def fashion_mnist() -> None:
    """Copy the verified FashionMNIST files into results/data."""
    sums = materialize(params.source, Path(out[0]).parent)
    for name, md5 in sums.items():
        print(f"{name}  md5 {md5}  verified")


def subsample() -> None:
    """The seeded training subsample, its class counts and statistics."""
    train = load_split(Path(snakemake.input[0]).parent, train=True)
    drawn = draw_subsample(
        train.images, train.labels, params.fraction, params.seed, params.test_images
    )
    counts = pd.DataFrame({"class": range(10), "count": drawn.class_counts})
    write_csv(Path(out.class_counts), counts)
    write_json(Path(out.subsample), drawn.to_dict())
    print(f"{len(drawn.indices)} images; mean {drawn.mean:.6f}, std {drawn.std:.6f}")


DATA = {"fashion_mnist": fashion_mnist, "subsample": subsample}

with job(snakemake.log[0]):
    DATA[params.data]()
