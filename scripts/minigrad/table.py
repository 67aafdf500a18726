"""Rules minigrad_trace and minigrad_cost_slopes: the study's tables that no aggregate writes.

``params.table`` picks the table: ``trace`` (004 problem 2 in both modes beside PyTorch and
the closed form) or ``cost_slopes`` (log-log slopes of the cost measurements).
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad import cost
from sgdlab.studies.minigrad.trace import trace_table


def trace() -> pd.DataFrame:
    """The evaluation trace at every configured point."""
    table = trace_table(snakemake.params.points)
    print(f"{int(table['agrees'].sum())} of {len(table)} rows agree")
    return table


def cost_slopes() -> pd.DataFrame:
    """Fitted slopes of time against d and memory against T."""
    return cost.slopes(pd.read_csv(snakemake.input[0]), snakemake.params.slope_min_dim)


TABLES = {"trace": trace, "cost_slopes": cost_slopes}

with job(snakemake.log[0]):
    write_csv(Path(snakemake.output[0]), TABLES[snakemake.params.table]())
