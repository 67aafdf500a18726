"""What the autodiff jobs read from the config section ``autodiff``, as typed records.

The figure job and the answers job read different keys (the figures their plotted ranges,
the answers the quiz points, the module g_T and the CNN shapes), so each has its own record
and its rule passes only that record's keys as params (``Record.params(section)``): a change
reruns only the job that reads the key. Each record lists its keys once, as field ->
(path in the section, conversion).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

Key = tuple[tuple[str, ...], Callable[[Any], Any]]


def _matrix(rows: Any) -> tuple[tuple[float, ...], ...]:
    """Rows of a config matrix as a tuple of tuples."""
    return tuple(tuple(row) for row in rows)


FUNCTION_KEYS: dict[str, Key] = {
    "jump_point": (("jump", "x_hat"), float),
    "jump_derivative": (("jump", "derivative"), float),
    "square_derivative": (("square_derivative",), float),
    "halving_threshold": (("halving", "threshold"), float),
    "halving_exponent": (("halving", "x_hat_exponent"), int),
    "midterm_point": (("midterm", "x"), float),
    "soft_threshold": (("soft_threshold", "threshold"), float),
    "grid_points": (("grid_points",), int),
}

# The figures add the plotted ranges; the answers the quiz points, module g_T and the CNN
# questions (shapes, min-pooling, stride timing, receptive field).
FIGURE_KEYS: dict[str, Key] = FUNCTION_KEYS | {
    "sigmoid_range": (("quiz", "sigmoid_range"), tuple),
    "midterm_range": (("midterm", "range"), tuple),
    "soft_threshold_range": (("soft_threshold", "range"), tuple),
}
ANSWER_KEYS: dict[str, Key] = FUNCTION_KEYS | {
    "rational_point": (("quiz", "rational_x"), float),
    "jacobian_point": (("quiz", "jacobian_point"), tuple),
    "trace_matrix": (("quiz", "trace_matrix"), _matrix),
    "sigmoid_point": (("quiz", "sigmoid_x"), float),
    "module_dimension": (("soft_threshold", "dimension"), int),
    "module_seed": (("soft_threshold", "seed"), int),
    "module_sgd": (("soft_threshold", "sgd"), dict),
    "conv": (("conv",), dict),
    "pooling": (("pooling",), dict),
    "minpool": (("minpool",), dict),
    "stride": (("stride",), dict),
    "receptive_field": (("receptive_field",), dict),
}


@dataclass(frozen=True)
class FunctionSettings:
    """Points and constants of the documents' functions, and the points of a plotted grid."""

    jump_point: float
    jump_derivative: float
    square_derivative: float
    halving_threshold: float
    halving_exponent: int
    midterm_point: float
    soft_threshold: float
    grid_points: int

    keys: ClassVar[dict[str, Key]] = FUNCTION_KEYS

    @classmethod
    def params(cls, section: Mapping[str, Any]) -> dict[str, Any]:
        """The config values this record holds, by field name: the params of its rule."""
        values = {}
        for name, (path, _) in cls.keys.items():
            value = section
            for key in path:
                value = value[key]
            values[name] = value
        return values

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """The record from its rule's params (or from ``params(section)``)."""
        return cls(**{name: convert(params[name]) for name, (_, convert) in cls.keys.items()})

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> Self:
        """The record from the validated config section ``autodiff``."""
        return cls.from_params(cls.params(section))

    @property
    def halving_point(self) -> float:
        """x̂ = threshold * 2^k: after k halvings |x| equals the threshold exactly."""
        return self.halving_threshold * 2.0**self.halving_exponent


@dataclass(frozen=True)
class FigureSettings(FunctionSettings):
    """What the figures draw: the functions and the ranges they are plotted on."""

    sigmoid_range: tuple[float, float]
    midterm_range: tuple[float, float]
    soft_threshold_range: tuple[float, float]

    keys: ClassVar[dict[str, Key]] = FIGURE_KEYS


@dataclass(frozen=True)
class AnswerSettings(FunctionSettings):
    """What the answers derive: the functions, the quiz points, module g_T, the CNN questions."""

    rational_point: float
    jacobian_point: tuple[float, float]
    trace_matrix: tuple[tuple[float, ...], ...]
    sigmoid_point: float
    module_dimension: int
    module_seed: int
    module_sgd: dict[str, Any]
    conv: dict[str, int]
    pooling: dict[str, Any]
    minpool: dict[str, int]
    stride: dict[str, Any]
    receptive_field: dict[str, Any]

    keys: ClassVar[dict[str, Key]] = ANSWER_KEYS
