"""Rule fetch_data: copy the verified FashionMNIST files into results/data."""

from pathlib import Path

from sgdlab.pipeline.fashion_mnist import materialize
from sgdlab.pipeline.job import job

with job(snakemake.log[0]):
    sums = materialize(snakemake.params.source, Path(snakemake.output[0]).parent)
    for name, md5 in sums.items():
        print(f"{name}  md5 {md5}  verified")
