"""Rules minigrad_checks and minigrad_cost_slopes: the study's tables that no aggregate writes.

``params.table`` picks the job: ``checks`` (the library checked and looked at: 004 problem
2's trace beside PyTorch and the closed form, every op against PyTorch, c = a + b's members
and the quoted source lines of 003 questions 5-7) or ``cost_slopes`` (log-log slopes of the
cost measurements, per regime).
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv
from sgdlab.pipeline.job import job
from sgdlab.studies.minigrad import cost
from sgdlab.studies.minigrad.checks import op_check_table
from sgdlab.studies.minigrad.introspection import graph_values, source_lines
from sgdlab.studies.minigrad.trace import trace_table

params, out = snakemake.params, snakemake.output


def checks() -> None:
    """The trace at every configured point, the op checks, c = a + b and the source lines."""
    tables = {
        "trace": trace_table(params.points),
        "op_checks": op_check_table(),
        "graph_values": graph_values(params.graph_seed),
        "source_lines": source_lines(),
    }
    for name in ("trace", "op_checks"):
        print(f"{name}: {int(tables[name]['agrees'].sum())} of {len(tables[name])} rows agree")
    for name, table in tables.items():
        write_csv(Path(out[name]), table)


def cost_slopes() -> None:
    """Fitted slopes of every cost series, one row per regime."""
    write_csv(Path(out[0]), cost.slopes(pd.read_csv(snakemake.input[0])))


TABLES = {"checks": checks, "cost_slopes": cost_slopes}

with job(snakemake.log[0]):
    TABLES[params.table]()
