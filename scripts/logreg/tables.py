"""Rule logreg_tables: the statements table and the multi-class table."""

from sgdlab.pipeline.job import job
from sgdlab.studies.logreg import jobs

inp = snakemake.input
with job(snakemake.log[0]):
    jobs.tables(inp.path, inp.restarts, inp.descent, inp.multiclass, dict(snakemake.output))
