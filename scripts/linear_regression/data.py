"""Rule linear_regression_data: the seeded X.pt and y.pt (001 §2 does not supply its own)."""

from pathlib import Path

from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.data import DataSpec, write_generated

with job(snakemake.log[0]):
    spec = DataSpec(**snakemake.params.generate)
    write_generated(spec, Path(snakemake.output.x).parent)
    print(f"generated {spec}")
