"""Rule optimizer_sweep_figure: the plain-SGD grid, final test accuracy, curves per optimizer."""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.optimizer_sweep import figures

inp, out = snakemake.input, snakemake.output
with job(snakemake.log[0]):
    table = pd.read_csv(inp.table)
    final = pd.read_csv(inp.metrics)
    figures.plot_grid(pd.read_csv(inp.grid), out.grid_png, out.grid_pdf)
    figures.plot_final(table, final, out.final_png, out.final_pdf)
    figures.plot_curves(table, final, out.curves_png, out.curves_pdf)
