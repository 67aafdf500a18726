"""001 section 2.5: what each candidate list of momentum values does, measured on its runs.

The document asks which of six lists of μ produced its figure, but the figure is not in its
text. Every μ of every list is trained with the same settings (the momentum job); each run
is classified from its per-epoch training MSE, and a list is ruled out when one of its runs
diverges, since its figure could not show that curve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# A run diverges when its MSE overflows or ends at least this many times above its lowest
# value. A bounded run that never settles (μ = 1 swings within a factor of about 100 on the
# default data) stays below it; μ = -1 ends about 2e7 times above its lowest MSE.
DIVERGES = 1e3
# A finite run settles when its MSE over the second half of the epochs stays within this
# factor (max / min); μ <= 0.9 stay within 1.01 there, μ = 1 swings by a factor above 50.
SETTLES = 2.0


@dataclass(frozen=True)
class Behaviour:
    """What one run of one μ does: settles, never settles or diverges, and the numbers."""

    momentum: float
    kind: str
    text: str


def behaviour(momentum: float, mse: Sequence[float]) -> Behaviour:
    """Classify one run from its training MSE after each epoch (``DIVERGES``, ``SETTLES``)."""
    values = np.asarray(mse, dtype=float)
    name, epochs = f"μ = {momentum:g}", len(values)
    finite = values[np.isfinite(values)]
    if len(finite) < epochs:
        first = int(np.argmin(np.isfinite(values))) + 1
        return Behaviour(momentum, "diverges", f"{name} diverges (MSE overflows at epoch {first})")
    lowest, last = int(values.argmin()), values[-1]
    if last >= DIVERGES * values[lowest]:
        return Behaviour(
            momentum,
            "diverges",
            f"{name} diverges (MSE {values[lowest]:.3g} at epoch {lowest + 1}, "
            f"{last:.3g} at epoch {epochs})",
        )
    late = values[epochs // 2 :]
    start = epochs - len(late) + 1
    if late.max() > SETTLES * late.min():
        rises = int((np.diff(values) > 0).sum())
        return Behaviour(
            momentum,
            "never settles",
            f"{name} never settles (MSE between {late.min():.3g} and {late.max():.3g} over "
            f"epochs {start}-{epochs}, rising in {rises} of {epochs - 1} epochs)",
        )
    spread = 100 * (late.max() / late.min() - 1)
    return Behaviour(
        momentum,
        "settles",
        f"{name} settles (MSE {last:.4g}, within {spread:.2g}% over epochs {start}-{epochs})",
    )


def candidate_text(candidate: Sequence[float]) -> str:
    """A candidate list as the document writes it: '0.0, 0.5, 0.9, 1.0' or '0, 1, 2, 3'."""
    return ", ".join(f"{mu:.1f}" if isinstance(mu, float) else f"{mu:d}" for mu in candidate)


def candidates_table(
    runs: pd.DataFrame, candidates: Sequence[Sequence[float]], drawn: Sequence[float]
) -> pd.DataFrame:
    """One row per candidate list: its runs' behaviour and whether it stays consistent.

    ``runs`` holds the momentum job's rows (momentum, epoch, train_mse) for every μ of
    every candidate. ``consistent`` is False when a run of the list diverges;
    ``in_momentum_figure`` marks the list ``drawn`` (the config's, the momentum figure's).
    """
    found = {
        mu: behaviour(mu, run.sort_values("epoch")["train_mse"])
        for mu, run in runs.groupby("momentum", sort=False)
    }
    rows = []
    for candidate in candidates:
        ran = [found[float(mu)] for mu in candidate]
        diverging = [b for b in ran if b.kind == "diverges"]
        rows.append(
            {
                "candidate": candidate_text(candidate),
                "behaviour": "; ".join(b.text for b in ran),
                "settle": sum(b.kind == "settles" for b in ran),
                "never_settle": sum(b.kind == "never settles" for b in ran),
                "diverge": len(diverging),
                "consistent": not diverging,
                "in_momentum_figure": [float(mu) for mu in candidate] == list(map(float, drawn)),
            }
        )
    return pd.DataFrame(rows)
