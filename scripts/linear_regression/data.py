"""Rule linear_regression_data: the seeded X.pt and y.pt (001 §2 does not supply its own)."""

from pathlib import Path

from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import GeneratedDataSettings, write_generated

with job(snakemake.log[0]):
    settings = GeneratedDataSettings(**snakemake.params.generate)
    write_generated(settings, Path(snakemake.output.x).parent)
    print(f"generated {settings}")
