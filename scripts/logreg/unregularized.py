"""Rule logreg_unregularized: gradient descent at lambda = 0 for statement 3."""

from pathlib import Path

from sgdlab.pipeline.job import job
from sgdlab.studies.logreg import jobs

inp = snakemake.input
with job(snakemake.log[0], snakemake.threads, snakemake.params.device) as device:
    data_dir = Path(inp.data[0]).parent
    jobs.unregularized(
        data_dir, inp.subsample, inp.check, snakemake.params.cfg, device, snakemake.output[0]
    )
