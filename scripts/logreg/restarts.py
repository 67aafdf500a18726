"""Rule logreg_restarts: random starts for statement 1."""

from pathlib import Path

from sgdlab.pipeline.job import job
from sgdlab.studies.logreg import jobs

inp, out = snakemake.input, snakemake.output
with job(snakemake.log[0], snakemake.threads, snakemake.params.device) as device:
    data_dir = Path(inp.data[0]).parent
    jobs.restarts(
        data_dir, inp.subsample, inp.check, snakemake.params.cfg, device, out.summary, out.traces
    )
