"""Rule logreg_figure: the figure of one statement of problem 5."""

from sgdlab.pipeline.job import job
from sgdlab.studies.logreg import jobs

out = snakemake.output
with job(snakemake.log[0]):
    jobs.figure(
        int(snakemake.wildcards.statement),
        list(snakemake.input),
        snakemake.params.threshold,
        out.png,
        out.pdf,
    )
