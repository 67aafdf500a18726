"""Answer tables: each true/false statement of problem 5 beside the number that decides it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from sgdlab.pipeline.tables import markdown_table, number_text

DOCUMENT = "004_3f409878d5cce0ab.txt problem 5"


COLUMNS = (
    "statement",
    "claim",
    "document_answer",
    "measured_answer",
    "agrees",
    "evidence",
    "reading",
)


def _statement(
    number: int, claim: str, document: bool, measured: bool, evidence: str, reading: str = ""
) -> dict:
    """One row: the statement as written, both answers, agreement computed from the two.

    ``reading`` says under which other reading the verdict would flip, where there is one.
    """
    values = (number, claim, str(document), str(measured), document == measured, evidence, reading)
    return dict(zip(COLUMNS, values, strict=True))


def statement_1(restarts: pd.DataFrame) -> dict:
    """Several local optima for lam > 0: true only if distant starts end at different optima."""
    ratio = float((restarts["max_pairwise_distance"] / restarts["start_distance_min"]).max())
    evidence = "; ".join(
        f"lam={r['lambda']:g}: {r['inits']} starts >= {r['start_distance_min']:.3g} away end "
        f"<= {r['max_pairwise_distance']:.2g} apart (bound {r['distance_bound']:.2g})"
        for _, r in restarts.iterrows()
    )
    return _statement(
        1, "lam > 0, separable data: J has several local optima", False, ratio >= 1e-3, evidence
    )


def statement_2(path: pd.DataFrame) -> dict:
    """Is the l2 optimum typically sparse: true if a sizeable fraction of weights is near 0."""
    l2 = float(path["small_fraction_l2"].max())
    l1 = float(path["small_fraction_l1"].median())
    evidence = (
        f"at most {l2:.1%} of l2 weights are near zero along the path (no exact zeros: "
        f"{int(path['exact_zeros_l2'].max())}); the l1 fit at the same lam: median {l1:.1%}"
    )
    return _statement(
        2, "the l2-regularized optimum is typically sparse", False, l2 >= 0.05, evidence
    )


def statement_3(descent: pd.DataFrame) -> dict:
    """With lam = 0 on separable data: does the norm keep growing (logarithmically)."""
    last = descent.iloc[-1]
    t = descent["iteration"].to_numpy(dtype=float)
    tail = descent[t >= last["iteration"] / 100]
    slope = np.polyfit(np.log(tail["iteration"]), tail["weight_norm"], 1)[0]
    loss_exponent = np.polyfit(np.log(tail["iteration"]), np.log(tail["train_loss"]), 1)[0]
    growing = bool((np.diff(descent["weight_norm"]) > 0).all())
    evidence = (
        f"‖w‖ rises at every recorded iteration to {last['weight_norm']:.3g} at t = "
        f"{int(last['iteration'])}, {slope:.3g} per unit of ln t over the last two decades; "
        f"training loss {last['train_loss']:.3g}, ~ t^{loss_exponent:.2f}"
    )
    return _statement(
        3,
        "lam = 0, separable data: some weights may go to infinity",
        True,
        growing and slope > 0,
        evidence,
    )


def _monotone_evidence(values: pd.Series, name: str) -> str:
    """How a quantity moves along the lambda path: rises and falls counted, ends given."""
    steps = np.diff(values)
    rises, falls = int((steps > 0).sum()), int((steps < 0).sum())
    return (
        f"{name} rises at {rises} and falls at {falls} of {len(steps)} steps of lam, from "
        f"{values.iloc[0]:.4g} to {values.iloc[-1]:.4g}"
    )


def statement_4(path: pd.DataFrame) -> dict:
    """Does the training log-likelihood at the optimum always increase with lam, as written."""
    ordered = path.sort_values("lambda", ignore_index=True)
    likelihood = ordered["train_log_likelihood"]
    increases = bool((np.diff(likelihood) > 0).all())
    loss_increases = bool((np.diff(-likelihood) > 0).all())
    reading = (
        "The document's answer holds for the training loss -l (the negative log-likelihood), "
        f"which {'rises' if loss_increases else 'does not rise'} at every step; as written, "
        "for the log-likelihood l, it does not."
        if loss_increases and not increases
        else ""
    )
    return _statement(
        4,
        "l(w_hat, D_train) always increases with lam",
        True,
        increases,
        _monotone_evidence(likelihood, "l(w, D_train)"),
        reading,
    )


def statement_5(path: pd.DataFrame) -> dict:
    """Does the test log-likelihood always increase with lam: false where it ever falls."""
    ordered = path.sort_values("lambda", ignore_index=True)
    test = ordered["test_log_likelihood"]
    best = int(test.idxmax())
    evidence = (
        _monotone_evidence(test, "l(w, D_test)")
        + f"; it peaks at lam = {ordered['lambda'][best]:g} ({test[best]:.4g})"
    )
    return _statement(
        5,
        "l(w_hat, D_test) always increases with lam",
        False,
        bool((np.diff(test) > 0).all()),
        evidence,
    )


def statements_table(
    path: pd.DataFrame, restarts: pd.DataFrame, descent: pd.DataFrame
) -> pd.DataFrame:
    """The five statements: document answer, measured answer (as written), agreement, evidence."""
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
