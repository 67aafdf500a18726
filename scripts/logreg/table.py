"""Rule logreg_tables: the statements table and the multi-class table, CSV and Markdown."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv, write_text
from sgdlab.pipeline.job import job
from sgdlab.studies.logreg import statements

inp, out = snakemake.input, snakemake.output
with job(snakemake.log[0]):
    answers = statements.statements_table(
        pd.read_csv(inp.path), pd.read_csv(inp.restarts), pd.read_csv(inp.descent)
    )
    write_csv(Path(out.statements_csv), answers)
    write_text(Path(out.statements_md), statements.statements_markdown(answers))
    multiclass = pd.read_csv(inp.multiclass)
    write_csv(Path(out.multiclass_csv), multiclass)
    write_text(Path(out.multiclass_md), statements.multiclass_markdown(multiclass))
