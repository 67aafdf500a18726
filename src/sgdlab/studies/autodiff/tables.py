"""The answers table: every asked-for value beside its independent derivation, CSV and Markdown.

One row per value: a stable key (the answer book selects rows by it), document, question,
quantity, PyTorch's value (float64), the value derived without autograd (closed form, NumPy
evaluation of the formula, float64 central differences, counting, or an independent
implementation), whether they agree, the value rounded as the document asks, the
document's printed or asked-for value where there is one, and for largest-difference
checks the number of points they covered.
"""

from __future__ import annotations

import math

import pandas as pd

from sgdlab.pipeline.tables import markdown_table
from sgdlab.studies.autodiff import programs
from sgdlab.studies.autodiff.answer import Answer
from sgdlab.studies.autodiff.cnn_answers import cnn_answers
from sgdlab.studies.autodiff.edge_case_answers import (
    jump_answers,
    sign_answers,
    square_answers,
    step_answers,
    step_training_answers,
)
from sgdlab.studies.autodiff.halving_answers import halving_answers
from sgdlab.studies.autodiff.midterm_answers import midterm_answers
from sgdlab.studies.autodiff.quiz_answers import quiz_answers
from sgdlab.studies.autodiff.settings import AnswerSettings


def answers_table(answers: list[Answer]) -> pd.DataFrame:
    """The answers as a table, with agreement, rounding and the document check."""
    rows = []
    for a in answers:
        agrees = math.isclose(
            a.pytorch_value, a.independent_value, rel_tol=a.tolerance, abs_tol=a.tolerance
        )
        rounded = None if a.decimals is None else round(a.pytorch_value, a.decimals)
        shown = a.pytorch_value if rounded is None else rounded
        rows.append(
            {
                "key": a.key,
                "document": a.document,
                "question": a.question,
                "quantity": a.quantity,
                "point": a.point,
                "pytorch_value": a.pytorch_value,
                "independent_value": a.independent_value,
                "independent_method": a.independent_method,
                "abs_difference": abs(a.pytorch_value - a.independent_value),
                "agrees": agrees,
                "rounded": "" if a.decimals is None else f"{rounded:.{a.decimals}f}",
                "document_value": a.document_value,
                "matches_document": None if a.document_value is None else shown == a.document_value,
                "points_checked": a.points_checked,
            }
        )
    table = pd.DataFrame(rows)
    duplicated = table["key"][table["key"].duplicated()]
    if len(duplicated):
        raise ValueError(f"duplicate answer keys: {sorted(duplicated)}")
    return table.astype({"points_checked": "Int64"})


def _document_cell(value: float, matches: bool | None) -> str:
    """The document's value with a check mark (or a cross) for whether PyTorch matches it."""
    text = "" if pd.isna(value) else f"{value:g}"
    if matches is not None and not pd.isna(matches):
        text += " ✓" if matches else " ✗"
    return text


def answers_markdown(table: pd.DataFrame) -> str:
    """The answers table as Markdown, full values to 10 significant digits."""
    header = (
        "key",
        "document",
        "question",
        "quantity",
        "PyTorch",
        "independent",
        "method",
        "agrees",
        "as asked",
        "document",
    )
    rows = (
        (
            row.key,
            row.document[:3],
            row.question,
            row.quantity,
            f"{row.pytorch_value:.10g}",
            f"{row.independent_value:.10g}",
            row.independent_method,
            "yes" if row.agrees else "NO",
            row.rounded,
            _document_cell(row.document_value, row.matches_document),
        )
        for row in table.itertuples()
    )
    return markdown_table(header, "llllrrlcrr", rows)


def build(s: AnswerSettings, step_metrics: pd.DataFrame) -> pd.DataFrame:
    """The whole answers table, in document order (000, 001, 002, 004)."""
    grid = programs.grid(s.jump_point - 2, s.jump_point + 2, s.grid_points, s.jump_point, 0.0)
    answers = [
        *jump_answers(s, grid),
        *square_answers(s, grid),
        *halving_answers(s),
        *step_answers(),
        *step_training_answers(step_metrics),
        *quiz_answers(s),
        *midterm_answers(s),
        *cnn_answers(s),
        *sign_answers(),
    ]
    return answers_table(answers)
