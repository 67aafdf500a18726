"""Rule logreg_separability: hard-margin LP check of the separable pair."""

from pathlib import Path

from sgdlab.pipeline.job import job
from sgdlab.studies.logreg import jobs

with job(snakemake.log[0], snakemake.threads, snakemake.params.device) as device:
    data_dir = Path(snakemake.input.data[0]).parent
    jobs.check_separability(
        data_dir, snakemake.input.subsample, snakemake.params.cfg, device, snakemake.output[0]
    )
