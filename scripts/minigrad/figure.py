"""Rules minigrad_graph, minigrad_cost_figure and minigrad_curves: the study's figures.

``params.figure`` picks the figure: ``graph`` (a computation graph by name), ``cost`` (time
against d and memory against T) or ``curves`` (validation accuracy of a training group).
"""

import pandas as pd

from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad.figures import plot_cost, plot_curves
from sgdlab.studies.minigrad.graphs import draw

params, inp, out = snakemake.params, snakemake.input, snakemake.output


def graph() -> None:
    """003 questions 5-8: one computation graph from minigrad's node objects."""
    draw(snakemake.wildcards.name, out.png, out.pdf, **params.settings)


def cost() -> None:
    """004 problem 3: the measurements with their fitted slopes."""
    plot_cost(pd.read_csv(inp.measurements), pd.read_csv(inp.slopes), out.png, out.pdf)


def curves() -> None:
    """003 questions 9-10: validation accuracy vs epoch of one group of variants."""
    plot_curves(pd.read_csv(inp[0]), params.variants, out.png, out.pdf, params.heading)


FIGURES = {"graph": graph, "cost": cost, "curves": curves}

with job(snakemake.log[0]):
    FIGURES[params.figure]()
