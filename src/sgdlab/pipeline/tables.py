"""Result tables shared by every study: interval columns and text, Markdown, the seeds note.

Every study writes its tables with these helpers, so that "mean [low, high]" reads the same
everywhere and a Markdown table has one shape.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sgdlab.pipeline.statistics import UNBOUNDED, mean_interval

SEEDS_NOTE = (
    "Mean over n = {n} seed(s); brackets: 95% Student-t interval over seeds (none with one seed)."
)


def interval_columns(
    name: str, values: Sequence[float], bounds: tuple[float, float] = UNBOUNDED
) -> dict[str, float]:
    """``name``, ``name_ci_low`` and ``name_ci_high``: the mean of ``values`` and its t-interval.

    The interval is clipped to ``bounds`` (``statistics.UNIT`` for accuracies). An empty
    sequence (a quantity no seed reached, say) gives NaN in all three columns.
    """
    interval = mean_interval(values, bounds=bounds)
    return {
        name: interval.estimate,
        f"{name}_ci_low": interval.low,
        f"{name}_ci_high": interval.high,
    }


def _missing(value: float | None) -> bool:
    """Whether a table cell holds no number (None, NaN or pandas' NA)."""
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return str(value) in ("<NA>", "nan")


def number_text(value: float | None, spec: str = "g", scale: float = 1.0, unit: str = "") -> str:
    """``value`` times ``scale`` in the format ``spec`` with ``unit`` after it; '' when missing."""
    return "" if _missing(value) else f"{scale * value:{spec}}{unit}"


def interval_text(
    estimate: float,
    low: float | None,
    high: float | None,
    spec: str = ".2f",
    scale: float = 1.0,
    unit: str = "",
) -> str:
    """'estimate [low, high]' in one format (``scale`` 100 for percent); no brackets without CI."""
    text = number_text(estimate, spec, scale, unit)
    if _missing(low) or _missing(high):
        return text
    return f"{text} [{scale * low:{spec}}, {scale * high:{spec}}]"


def markdown_table(header: Sequence[str], align: str, rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table: ``align`` has one letter per column (l left, r right, c centred).

    Pipes inside cells are escaped, so that a cell such as ``|x|`` keeps the columns.
    """
    if len(align) != len(header):
        raise ValueError(f"{len(header)} columns but alignment {align!r}")
    rules = {"l": "---", "r": "---:", "c": ":---:"}
    lines = [_row(header), "|" + "|".join(rules[a] for a in align) + "|"]
    lines += [_row(row) for row in rows]
    return "\n".join(lines) + "\n"


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


def seeds_note(n: int, extra: str = "") -> str:
    """The sentence under a table of replicated values: n seeds, what the brackets are."""
    return SEEDS_NOTE.format(n=n) + (f" {extra}" if extra else "")
