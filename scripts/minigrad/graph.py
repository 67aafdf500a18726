"""Rule minigrad_graph: one computation graph drawn from minigrad's node objects."""

from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad.graphs import draw

out = snakemake.output
with job(snakemake.log[0]):
    draw(snakemake.wildcards.name, out.png, out.pdf, snakemake.params.seed, snakemake.params.point)
