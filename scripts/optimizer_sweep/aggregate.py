"""Rules optimizer_sweep_select, _tuned and _aggregate: choices on validation data, the table.

The rule's ``params.aggregate`` names what it writes: the plain-SGD grid and its chosen
setting (select), one other optimizer's rate (tuned), the optimizers' table (ranking).
"""

from pathlib import Path

import pandas as pd

from sgdlab.engine.holdout import validation_count
from sgdlab.pipeline.files import read_json, write_csv, write_json, write_text
from sgdlab.pipeline.job import job
from sgdlab.pipeline.metrics_tables import concat_metrics
from sgdlab.studies.optimizer_sweep import selection, tables

inp, out, params = snakemake.input, snakemake.output, snakemake.params


def select() -> None:
    """Question 11: the grid on validation accuracy, and the setting question 12 trains at."""
    metrics = concat_metrics(inp.grid)
    subsample = read_json(inp.subsample)
    images = validation_count(len(subsample["indices"]), params.validation_fraction)
    grid = selection.grid_table(metrics, params.max_epochs, images)
    batch_size = grid.loc[grid["chosen"], "batch_size"].item()
    lrs = metrics.loc[metrics["batch_size"] == batch_size, "lr"].unique()
    write_csv(Path(out.grid), grid)
    write_json(Path(out.setting), selection.chosen_setting(grid, lrs))


def tuned() -> None:
    """One optimizer's rate on validation accuracy at plain SGD's chosen B and epochs."""
    setting, lrs = read_json(inp.setting), params.lrs
    if len(lrs) == 1:
        choice = selection.untuned_rate(lrs[0])
    else:
        cells = selection.end_cells(concat_metrics(inp.tune), setting["run"]["max_passes"])
        choice = selection.choose_rate(cells, lrs)
    write_json(Path(out.setting), {"run": setting["run"], **choice})


def ranking() -> None:
    """Every logged point of the final runs, and one row per optimizer as CSV and Markdown."""
    final = concat_metrics(inp.final)
    settings = {
        name: read_json(path) for name, path in zip(params.optimizers, inp.settings, strict=True)
    }
    note = tables.grid_note(pd.read_csv(inp.grid))
    table = tables.results_table(final, settings, note)
    write_csv(Path(out.metrics), final)
    write_csv(Path(out.table), table)
    write_text(Path(out.markdown), tables.markdown(table))


AGGREGATE = {"select": select, "tuned": tuned, "ranking": ranking}

with job(snakemake.log[0]):
    AGGREGATE[params.aggregate]()
