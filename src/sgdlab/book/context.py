"""What an answer template sees: the run's tables as rows, and filters that format numbers.

A template asks for rows by table and column values (``row("minibatch_scaling.csv",
quantity="divergent_lr")``) and formats them (``{{ r.slope | num(".2f") }}``, ``{{ ci(r,
"slope") }}``). Every lookup is strict: an unknown table, column or variable, or a row
selector that matches several rows where ``row`` wants one, stops the build with a message
naming the question, so a sentence can never silently lose its number. A selector that
matches no row of an existing table raises ``LeftOut``: the run's configuration left those
runs out (fewer batch sizes, one network), and the entry says so instead of stopping.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from sgdlab.pipeline.tables import interval_text, number_text


class AnswerError(LookupError):
    """A template asked for something the run's tables do not hold."""


class LeftOut(AnswerError):
    """A template asked for rows the run did not compute (its configuration left them out)."""


class Row(Mapping):
    """One table row; columns read as attributes (``r.slope``) or keys (``r["reached_95%"]``)."""

    def __init__(self, table: str, values: dict[str, Any]) -> None:
        self._table, self._values = table, values

    @property
    def table(self) -> str:
        """The file name of the table the row comes from."""
        return self._table

    def __getitem__(self, column: str) -> Any:
        if column not in self._values:
            raise AnswerError(f"table {self._table} has no column {column!r}")
        return self._values[column]

    def __getattr__(self, column: str) -> Any:
        if column.startswith("_"):
            raise AttributeError(column)
        return self[column]

    def __contains__(self, column: object) -> bool:
        return column in self._values

    def __iter__(self):  # noqa: ANN204
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _matches(column: pd.Series, wanted: Any) -> pd.Series:
    """Rows whose ``column`` equals ``wanted`` (floats compared to 1e-12 relative)."""
    if isinstance(wanted, bool) or not isinstance(wanted, int | float):
        return column.astype(str) == str(wanted)
    values = pd.to_numeric(column, errors="coerce")
    return pd.Series(np.isclose(values, wanted, rtol=1e-12, atol=0.0), index=column.index)


class Tables:
    """The run's tables by file name, read once each with round-trip float precision."""

    def __init__(self, paths: Mapping[str, Path]) -> None:
        self._paths, self._frames = dict(paths), {}

    def frame(self, name: str) -> pd.DataFrame:
        """The table ``name`` (a CSV file name) as a DataFrame."""
        if name not in self._paths:
            raise AnswerError(f"no table {name!r}; the book reads {sorted(self._paths)}")
        if name not in self._frames:
            self._frames[name] = pd.read_csv(self._paths[name], float_precision="round_trip")
        return self._frames[name]

    def rows(self, name: str, **where: Any) -> list[Row]:
        """Rows of ``name`` whose columns equal the given values; at least one must match.

        ``column__startswith=text`` selects rows whose ``column`` starts with ``text``.
        """
        frame = self.frame(name)
        keep = pd.Series(True, index=frame.index)
        for selector, wanted in where.items():
            column, _, test = selector.partition("__")
            if column not in frame.columns:
                raise AnswerError(f"table {name} has no column {column!r}")
            if test == "startswith":
                keep &= frame[column].astype(str).str.startswith(str(wanted))
            elif test:
                raise AnswerError(f"unknown row test {test!r}; use column__startswith")
            else:
                keep &= _matches(frame[column], wanted)
        chosen = frame[keep]
        if chosen.empty:
            raise LeftOut(f"no row of {name} has {where}")
        return [
            Row(name, {k: _plain(v) for k, v in rec.items()}) for rec in chosen.to_dict("records")
        ]

    def row(self, name: str, **where: Any) -> Row:
        """The one row of ``name`` whose columns equal the given values."""
        found = self.rows(name, **where)
        if len(found) != 1:
            raise AnswerError(f"{len(found)} rows of {name} have {where}; expected one")
        return found[0]


def _plain(value: Any) -> Any:
    """NumPy scalars as Python numbers, pandas' NA as NaN."""
    if value is pd.NA:
        return math.nan
    return value.item() if isinstance(value, np.generic) else value


def num(value: Any, spec: str = ".3g") -> str:
    """A number in the format ``spec``; 'n/a' where the run has none (NaN)."""
    return number_text(value, spec) or "n/a"


def pct(value: Any, digits: int = 1) -> str:
    """A fraction as a percentage with ``digits`` decimals."""
    return number_text(value, f".{digits}f", 100.0, "%") or "n/a"


def _bounds(row: Row, column: str) -> tuple[str, str]:
    """Names of the interval columns of ``column``: its own, its stem's (no _mean), or ci_*."""
    stem = column.removesuffix("_mean")
    for prefix in (f"{column}_", f"{stem}_", ""):
        if f"{prefix}ci_low" in row and f"{prefix}ci_high" in row:
            return f"{prefix}ci_low", f"{prefix}ci_high"
    raise AnswerError(f"table {row.table} has no interval columns for {column!r}")


def ci(row: Row, column: str, spec: str = ".3g", scale: float = 1.0, unit: str = "") -> str:
    """'estimate [low, high]' of ``column`` with its 95% interval; 'n/a' where there is none."""
    low, high = _bounds(row, column)
    text = interval_text(row[column], row[low], row[high], spec, scale, unit)
    return text or "n/a"


def pct_ci(row: Row, column: str, digits: int = 1) -> str:
    """The interval of a fraction column in percent: '85.7% [85.3, 86.1]'."""
    text = ci(row, column, f".{digits}f", 100.0)
    estimate, _, rest = text.partition(" ")
    return f"{estimate}%" + (f" {rest}" if rest else "")


def text(value: Any) -> str:
    """A text cell as it is; '' for an empty cell (read as NaN)."""
    return "" if isinstance(value, float) and math.isnan(value) else str(value)


def verdict(document_answer: Any, measured: Any) -> str:
    """'agrees' or 'disagrees': the document's answer against the measured one, as text."""
    return "agrees" if str(document_answer).strip() == str(measured).strip() else "disagrees"


def environment(tables: Tables) -> jinja2.Environment:
    """A strict Jinja environment (undefined names fail) with the tables and the filters."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(num=num, pct=pct, text=text)
    env.globals.update(
        rows=tables.rows,
        row=tables.row,
        ci=ci,
        pct_ci=pct_ci,
        verdict=verdict,
        num=num,
        pct=pct,
    )
    return env
