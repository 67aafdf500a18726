"""Rules autodiff_answers and autodiff_nondifferentiable: the study's tables.

``params.table`` picks the job: ``answers`` (every asked-for value beside its independent
derivation, CSV and Markdown, and the three tables of 002 part 4: pooling cost, stride,
receptive field) or ``nondifferentiable`` (PyTorch at non-differentiable points, against
its documented rules).
"""

from pathlib import Path

import pandas as pd

from sgdlab.pipeline.files import write_csv, write_text
from sgdlab.pipeline.job import job
from sgdlab.studies.autodiff import cnn_answers, tables
from sgdlab.studies.autodiff.nondifferentiable import nondifferentiable_table
from sgdlab.studies.autodiff.settings import AnswerSettings

params, out = snakemake.params, snakemake.output


def answers() -> None:
    """The answers table from the settings and the step-training metrics."""
    settings = AnswerSettings.from_params(dict(params.items()))
    table = tables.build(settings, pd.read_csv(snakemake.input[0]))
    write_csv(Path(out.table), table)
    write_text(Path(out.markdown), tables.answers_markdown(table))
    print(f"{int(table['agrees'].sum())} of {len(table)} values agree with their derivation")
    for name, build in cnn_answers.TABLE_BUILDERS.items():
        part = build(settings)
        write_csv(Path(out[name]), part)
        print(part.to_string(index=False))


def nondifferentiable() -> None:
    """PyTorch's gradients at the non-differentiable points of common functions."""
    write_csv(Path(out[0]), nondifferentiable_table())


TABLES = {"answers": answers, "nondifferentiable": nondifferentiable}

with job(snakemake.log[0]):
    TABLES[params.table]()
