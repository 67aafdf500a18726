"""Rule autodiff_answers: every asked-for value beside its independent derivation."""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv, write_text
from sgdlab.pipeline.job import job
from sgdlab.studies.autodiff import answers
from sgdlab.studies.autodiff.settings import AutodiffSettings

out = snakemake.output
with job(snakemake.log[0]):
    settings = AutodiffSettings.from_config(snakemake.params.settings)
    table = answers.build(settings, pd.read_csv(snakemake.input[0]))
    write_csv(Path(out.table), table)
    write_text(Path(out.markdown), answers.markdown_table(table))
    print(f"{int(table['agrees'].sum())} of {len(table)} values agree with their derivation")
