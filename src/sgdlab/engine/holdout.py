"""The size of a validation split, without torch: table jobs that report it stay light."""

from __future__ import annotations


def validation_count(n: int, fraction: float) -> int:
    """Images of ``n`` held out for validation: round(fraction * n), leaving one to train on."""
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"validation fraction must lie in [0, 1), got {fraction}")
    held = round(fraction * n)
    if fraction > 0 and not 0 < held < n:
        raise ValueError(f"a validation fraction of {fraction} holds out {held} of {n} images")
    return held
