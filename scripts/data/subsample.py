"""Rule subsample: the seeded training subsample, its class counts and statistics."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.fashion_mnist import load_split
from sgdlab.pipeline.files import write_csv, write_json
from sgdlab.pipeline.job import job
from sgdlab.pipeline.subsample import draw_subsample

with job(snakemake.log[0]):
    train = load_split(Path(snakemake.input[0]).parent, train=True)
    subsample = draw_subsample(
        train.images, train.labels, snakemake.params.fraction, snakemake.params.seed
    )
    counts = pd.DataFrame({"class": range(10), "count": subsample.class_counts})
    write_csv(Path(snakemake.output.class_counts), counts)
    write_json(Path(snakemake.output.subsample), subsample.to_dict())
    print(f"{len(subsample.indices)} images; mean {subsample.mean:.6f}, std {subsample.std:.6f}")
