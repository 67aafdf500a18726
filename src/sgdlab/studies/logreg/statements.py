"""Answer tables: each true/false statement of problem 5 beside the number that decides it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from sgdlab.pipeline.tables import markdown_table, number_text

DOCUMENT = "004_3f409878d5cce0ab.txt problem 5"


COLUMNS = ("statement", "claim", "document_answer", "measured_answer", "agrees", "evidence")


def _statement(*values: object) -> dict:
    """One row of the statements table, its values in the order of ``COLUMNS``."""
    return dict(zip(COLUMNS, values, strict=True))


def statement_1(restarts: pd.DataFrame) -> dict:
    """Several local optima for lam > 0? Solutions from distant starts coincide: False."""
    ratio = float((restarts["max_pairwise_distance"] / restarts["start_distance_min"]).max())
    measured = "False" if ratio < 1e-3 else "True"
    evidence = "; ".join(
        f"lam={r['lambda']:g}: {r['inits']} starts >= {r['start_distance_min']:.3g} away end "
        f"<= {r['max_pairwise_distance']:.2g} apart (bound {r['distance_bound']:.2g})"
        for _, r in restarts.iterrows()
    )
    return _statement(
        1,
        "lam > 0, separable data: J has several local optima",
        "False",
        measured,
        measured == "False",
        evidence,
    )


def statement_2(path: pd.DataFrame) -> dict:
    """Is the l2 optimum typically sparse? Fraction of near-zero weights vs l1: False."""
    l2 = float(path["small_fraction_l2"].max())
    l1 = float(path["small_fraction_l1"].median())
    measured = "False" if l2 < 0.05 else "True"
    evidence = (
        f"at most {l2:.1%} of l2 weights are near zero along the path (no exact zeros: "
        f"{int(path['exact_zeros_l2'].max())}); the l1 fit at the same lam: median {l1:.1%}"
    )
    return _statement(
        2,
        "the l2-regularized optimum is typically sparse",
        "False",
        measured,
        measured == "False",
        evidence,
    )


def statement_3(descent: pd.DataFrame) -> dict:
    """With lam = 0 on separable data, the norm grows (logarithmically), loss -> 0."""
    last = descent.iloc[-1]
    t = descent["iteration"].to_numpy(dtype=float)
    tail = descent[t >= last["iteration"] / 100]
    slope = np.polyfit(np.log(tail["iteration"]), tail["weight_norm"], 1)[0]
    loss_exponent = np.polyfit(np.log(tail["iteration"]), np.log(tail["train_loss"]), 1)[0]
    growing = bool((np.diff(descent["weight_norm"]) > 0).all())
    measured = "True" if growing and slope > 0 else "False"
    evidence = (
        f"‖w‖ rises at every recorded iteration to {last['weight_norm']:.3g} at t = "
        f"{int(last['iteration'])}, {slope:.3g} per unit of ln t over the last two decades; "
        f"training loss {last['train_loss']:.3g}, ~ t^{loss_exponent:.2f}"
    )
    return _statement(
        3,
        "lam = 0, separable data: some weights may go to infinity",
        "True",
        measured,
        measured == "True",
        evidence,
    )


def statement_4(path: pd.DataFrame) -> dict:
    """Training log-likelihood at the optimum along lam: monotone (it decreases)."""
    steps = np.diff(path.sort_values("lambda")["train_log_likelihood"])
    increases = int((steps > 0).sum())
    measured = "monotone: decreases" if increases == 0 else f"not monotone ({increases} rises)"
    evidence = (
        f"l(w, D_train) falls at all {len(steps)} steps of lam, from "
        f"{path['train_log_likelihood'].iloc[0]:.4g} to {path['train_log_likelihood'].iloc[-1]:.4g}"
        if increases == 0
        else f"{increases} of {len(steps)} steps raise l(w, D_train)"
    )
    note = "; the document says True reading it as the training loss -l, which increases"
    return _statement(
        4,
        "l(w_hat, D_train) always increases with lam",
        "True",
        measured + note,
        increases == 0,
        evidence,
    )


def statement_5(path: pd.DataFrame) -> dict:
    """Test log-likelihood along lam: not monotone when it peaks inside the grid."""
    ordered = path.sort_values("lambda", ignore_index=True)
    best = int(ordered["test_log_likelihood"].idxmax())
    interior = 0 < best < len(ordered) - 1
    measured = "False (interior maximum)" if interior else "no interior maximum on this grid"
    test = ordered["test_log_likelihood"]
    evidence = (
        f"l(w, D_test) peaks at lam = {ordered['lambda'][best]:g} ({test[best]:.4g}; "
        f"{test.iloc[0]:.4g} at the smallest lam, {test.iloc[-1]:.4g} at the largest)"
    )
    return _statement(
        5, "l(w_hat, D_test) always increases with lam", "False", measured, interior, evidence
    )


def statements_table(
    path: pd.DataFrame, restarts: pd.DataFrame, descent: pd.DataFrame
) -> pd.DataFrame:
    """The five statements: document answer, measured answer, agreement and evidence."""
    return pd.DataFrame(
        [
            statement_1(restarts),
            statement_2(path),
            statement_3(descent),
            statement_4(path),
            statement_5(path),
        ]
    )


def multiclass_table(path: pd.DataFrame) -> pd.DataFrame:
    """The multi-class answers along lam, with the document's parameter count beside it."""
    table = path.copy()
    table.insert(2, "document_parameters", "(R - 1) D")
    return table


def _cell(value: object) -> str:
    """A table value as Markdown text: floats to 6 significant digits, the rest as written."""
    return number_text(value) if isinstance(value, float) else str(value)


def markdown(table: pd.DataFrame, title: str) -> str:
    """A table as Markdown under a heading that names the document question.

    Numeric columns are right-aligned, the others left-aligned.
    """
    align = "".join(
        "r" if is_numeric_dtype(table[c]) and table[c].dtype != bool else "l" for c in table
    )
    rows = ([_cell(v) for v in row] for row in table.itertuples(index=False))
    return f"# {title}\n\n" + markdown_table(list(table.columns), align, rows)


def statements_markdown(table: pd.DataFrame) -> str:
    """The statements table as Markdown."""
    return markdown(table, f"{DOCUMENT}: the five statements, measured")


def multiclass_markdown(table: pd.DataFrame) -> str:
    """The multi-class table as Markdown."""
    return markdown(table, f"{DOCUMENT}: multi-class model (equations 7-14)")
