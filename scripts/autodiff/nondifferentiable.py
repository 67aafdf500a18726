"""Rule autodiff_nondifferentiable: PyTorch at non-differentiable points, against its rules."""

from pathlib import Path

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.autodiff.nondifferentiable import nondifferentiable_table

with job(snakemake.log[0]):
    write_csv(Path(snakemake.output[0]), nondifferentiable_table())
