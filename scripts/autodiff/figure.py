"""Rule autodiff_figure: one figure of the autodiff study, by name."""

from sgdlab.pipeline.job import job
from sgdlab.studies.autodiff.figures import FIGURES
from sgdlab.studies.autodiff.settings import AutodiffSettings

out = snakemake.output
with job(snakemake.log[0]):
    settings = AutodiffSettings.from_config(snakemake.params.settings)
    FIGURES[snakemake.wildcards.name](settings, out.png, out.pdf)
