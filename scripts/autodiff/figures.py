"""Rule autodiff_figures: every figure of the autodiff study, in one job.

Each figure takes a fraction of a second; one job pays the imports (torch, matplotlib) once
instead of once per figure.
"""

from sgdlab.pipeline.job import job
from sgdlab.studies.autodiff.figures import FIGURES
from sgdlab.studies.autodiff.settings import AutodiffSettings

out = snakemake.output
with job(snakemake.log[0]):
    settings = AutodiffSettings.from_config(snakemake.params.settings)
    for name, plot in FIGURES.items():
        plot(settings, out[f"{name}_png"], out[f"{name}_pdf"])
