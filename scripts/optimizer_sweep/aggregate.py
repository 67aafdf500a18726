"""Rules optimizer_sweep_best and optimizer_sweep_aggregate: the grid's best setting, the table.

The rule's ``params.aggregate`` names what it writes; both read the plain-SGD grid's runs.
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv, write_json, write_text
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies.optimizer_sweep import tables

out, params = snakemake.output, snakemake.params


def best_sgd_setting() -> None:
    """Question 11: the plain-SGD grid's best (lr, batch size, epochs), for question 12's runs."""
    grid = tables.grid_table(concat_metrics(snakemake.input.sgd), params.epochs)
    write_json(Path(out.setting), tables.best_setting(grid))


def ranking() -> None:
    """Every logged point, and every setting's final test accuracy as CSV and Markdown."""
    sgd = concat_metrics(snakemake.input.sgd)
    others = concat_metrics(snakemake.input.optimizers)
    table = tables.results_table(tables.grid_table(sgd, params.epochs), others)
    write_csv(Path(out.metrics), pd.concat([sgd, others], ignore_index=True))
    write_csv(Path(out.table), table)
    write_text(Path(out.markdown), tables.markdown(table))


AGGREGATE = {"best_sgd_setting": best_sgd_setting, "ranking": ranking}

with job(snakemake.log[0]):
    AGGREGATE[params.aggregate]()
