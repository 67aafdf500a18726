"""Rules minigrad_graphs, minigrad_cost_figure and minigrad_curves: the study's figures.

``params.figure`` picks the job: ``graphs`` (the computation graphs), ``cost`` (time and
memory against d and T) or ``curves`` (a training group's curves at the tuned rates, and
its tuning walk). Each imports only its own module: the graphs need torch, the others not.
"""

import pandas as pd

from sgdlab.pipeline.job import job

params, inp, out = snakemake.params, snakemake.input, snakemake.output


def graphs() -> None:
    """003 questions 5-8: each computation graph from minigrad's node objects."""
    from sgdlab.studies.minigrad.graphs import draw  # torch: the trace is checked against it

    for name, settings in params.settings.items():
        draw(name, getattr(out, f"{name}_png"), getattr(out, f"{name}_pdf"), **settings)


def cost() -> None:
    """004 problem 3: the measurements with their fitted slopes."""
    from sgdlab.studies.minigrad.figures import plot_cost

    plot_cost(pd.read_csv(inp.measurements), pd.read_csv(inp.slopes), out.png, out.pdf)


def curves() -> None:
    """003 questions 9-10: test accuracy per epoch at the tuned rates, and the tuning grid."""
    from sgdlab.studies.minigrad.curves import plot_curves, plot_lr_grid

    metrics = pd.read_csv(inp[0])
    plot_curves(metrics, params.variants, params.baseline, out.png, out.pdf, params.heading)
    plot_lr_grid(metrics, params.variants, out.grid_png, out.grid_pdf)


FIGURES = {"graphs": graphs, "cost": cost, "curves": curves}

with job(snakemake.log[0]):
    FIGURES[params.figure]()
