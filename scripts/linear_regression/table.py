"""Rule linear_regression_answers: every value 001 section 2 asks for, beside least squares.

Also the verdict on each candidate list of momentum values of 2.5, from the momentum runs.
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv, write_text
from sgdlab.pipeline.job import job
from sgdlab.studies.linear_regression.candidates import candidates_table
from sgdlab.studies.linear_regression.data import load_pair
from sgdlab.studies.linear_regression.tables import answers, answers_markdown

inp, out, params = snakemake.input, snakemake.output, snakemake.params
with job(snakemake.log[0]):
    x, y = load_pair(Path(inp.x).parent)
    runs = (pd.read_csv(inp.whole_set), pd.read_csv(inp.split), pd.read_csv(inp.momentum))
    table = answers(x, y, *runs, params.momenta, params.random_state)
    write_csv(Path(out.table), table)
    write_text(Path(out.markdown), answers_markdown(table))
    print(answers_markdown(table))
    candidates = candidates_table(runs[2], params.candidates, params.momenta)
    write_csv(Path(out.candidates), candidates)
    print(candidates.to_string(index=False))
