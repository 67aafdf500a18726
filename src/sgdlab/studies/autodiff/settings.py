"""The autodiff study's settings (config section ``autodiff``), as one typed record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AutodiffSettings:
    """Points, grids and constants of the questions; defaults in the config schema."""

    jump_point: float
    jump_derivative: float
    square_derivative: float
    halving_threshold: float
    halving_exponent: int
    rational_point: float
    jacobian_point: tuple[float, float]
    trace_matrix: tuple[tuple[float, ...], ...]
    sigmoid_point: float
    sigmoid_range: tuple[float, float]
    midterm_point: float
    midterm_range: tuple[float, float]
    soft_threshold: float
    soft_threshold_range: tuple[float, float]
    module_dimension: int
    module_seed: int
    conv: dict[str, int]
    pooling: dict[str, Any]
    grid_points: int

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> AutodiffSettings:
        """Build from the validated config section ``autodiff``."""
        return cls(
            jump_point=float(section["jump"]["x_hat"]),
            jump_derivative=float(section["jump"]["derivative"]),
            square_derivative=float(section["square_derivative"]),
            halving_threshold=float(section["halving"]["threshold"]),
            halving_exponent=int(section["halving"]["x_hat_exponent"]),
            rational_point=float(section["quiz"]["rational_x"]),
            jacobian_point=tuple(section["quiz"]["jacobian_point"]),
            trace_matrix=tuple(tuple(row) for row in section["quiz"]["trace_matrix"]),
            sigmoid_point=float(section["quiz"]["sigmoid_x"]),
            sigmoid_range=tuple(section["quiz"]["sigmoid_range"]),
            midterm_point=float(section["midterm"]["x"]),
            midterm_range=tuple(section["midterm"]["range"]),
            soft_threshold=float(section["soft_threshold"]["threshold"]),
            soft_threshold_range=tuple(section["soft_threshold"]["range"]),
            module_dimension=int(section["soft_threshold"]["dimension"]),
            module_seed=int(section["soft_threshold"]["seed"]),
            conv=dict(section["conv"]),
            pooling=dict(section["pooling"]),
            grid_points=int(section["grid_points"]),
        )

    @property
    def halving_point(self) -> float:
        """x̂ = threshold * 2^k: after k halvings |x| equals the threshold exactly."""
        return self.halving_threshold * 2.0**self.halving_exponent
