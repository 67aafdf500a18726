"""Entry points of the logreg rules: each reads its inputs, measures, and writes its outputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import torch

from sgdlab.pipeline.files import read_json, write_csv, write_json, write_text
from sgdlab.pipeline.subsample import Subsample
from sgdlab.studies.logreg import experiments, figures, statements
from sgdlab.studies.logreg.data import (
    BinaryProblem,
    Features,
    binary_problem,
    load_features,
    separability,
    synthetic_separable,
)


def lambda_grid(spec: dict) -> list[float]:
    """The log-spaced lam grid of the config: ``count`` values from ``min`` to ``max``."""
    return [float(v) for v in np.geomspace(spec["min"], spec["max"], spec["count"])]


def _features(data_dir: Path, subsample: str, cfg: dict, device: torch.device) -> Features:
    return load_features(
        Path(data_dir), Subsample(**read_json(subsample)), cfg["test_images"], device
    )


def _separable(features: Features, cfg: dict, check: str, device: torch.device) -> BinaryProblem:
    """The verified separable pair, or the seeded synthetic set when the LP said it is not."""
    if read_json(check)["separable"]:
        return binary_problem(features, tuple(cfg["separable_pair"]))
    synthetic = cfg["synthetic"]
    return synthetic_separable(
        synthetic["n"], synthetic["dim"], synthetic["margin"], synthetic["seed"], device
    )


def check_separability(
    data_dir: Path, subsample: str, cfg: dict, device: torch.device, out: str
) -> None:
    """Rule logreg_separability: the hard-margin LP on the pair of statements 1 and 3."""
    problem = binary_problem(
        _features(data_dir, subsample, cfg, device), tuple(cfg["separable_pair"])
    )
    record = {"pair": list(cfg["separable_pair"]), **separability(problem.train_x, problem.train_y)}
    print(record)
    write_json(Path(out), record)


def regularization_path(
    data_dir: Path, subsample: str, cfg: dict, device: torch.device, out: str
) -> None:
    """Rule logreg_path: the l2 path (and l1 sparsity) on the configured pair."""
    problem = binary_problem(_features(data_dir, subsample, cfg, device), tuple(cfg["pair"]))
    lambdas = lambda_grid(cfg["lambdas"])
    path = experiments.regularization_path(
        problem, lambdas, cfg["grad_tol"], cfg["max_iter"], cfg["sparsity_threshold"]
    )
    path["small_fraction_l1"] = experiments.l1_small_fractions(
        problem, list(path["lambda"]), cfg["sparsity_threshold"], cfg["l1_tol"], seed=0
    )
    path.insert(0, "data", problem.description)
    write_csv(Path(out), path)


def restarts(
    data_dir: Path,
    subsample: str,
    check: str,
    cfg: dict,
    device: torch.device,
    summary: str,
    traces: str,
) -> None:
    """Rule logreg_restarts (statement 1): random starts at each lam, traces and distances."""
    problem = _separable(_features(data_dir, subsample, cfg, device), cfg, check, device)
    spec = cfg["restarts"]
    table, trace = experiments.restarts(
        problem,
        spec["lambdas"],
        spec["inits"],
        spec["init_scale"],
        spec["seed"],
        cfg["grad_tol"],
        cfg["max_iter"],
    )
    table.insert(0, "data", problem.description)
    write_csv(Path(summary), table)
    write_csv(Path(traces), trace)


def unregularized(
    data_dir: Path, subsample: str, check: str, cfg: dict, device: torch.device, out: str
) -> None:
    """Rule logreg_unregularized (statement 3): gradient descent with lam = 0."""
    problem = _separable(_features(data_dir, subsample, cfg, device), cfg, check, device)
    descent = experiments.unregularized_descent(
        problem, cfg["descent"]["iterations"], cfg["descent"]["points"]
    )
    descent.insert(0, "data", problem.description)
    write_csv(Path(out), descent)


def multiclass(data_dir: Path, subsample: str, cfg: dict, device: torch.device, out: str) -> None:
    """Rule logreg_multiclass: the ten-class model of equations 7-14 along its lam path."""
    spec = cfg["multiclass"]
    features = _features(data_dir, subsample, cfg, device)
    path = experiments.multiclass_path(
        features, spec["lambdas"], spec["grad_tol"], spec["max_iter"]
    )
    write_csv(Path(out), statements.multiclass_table(path))


def tables(
    path: str, restarts_csv: str, descent: str, multiclass_csv: str, out: dict[str, str]
) -> None:
    """Rule logreg_tables: the statements table and the multi-class table, CSV and Markdown."""
    answers = statements.statements_table(
        pd.read_csv(path), pd.read_csv(restarts_csv), pd.read_csv(descent)
    )
    write_csv(Path(out["statements_csv"]), answers)
    write_text(
        Path(out["statements_md"]),
        statements.markdown(answers, f"{statements.DOCUMENT}: the five statements, measured"),
    )
    table = pd.read_csv(multiclass_csv)
    write_csv(Path(out["multiclass_csv"]), table)
    write_text(
        Path(out["multiclass_md"]),
        statements.markdown(table, f"{statements.DOCUMENT}: multi-class model (equations 7-14)"),
    )


def figure(statement: int, inputs: list[str], threshold: float, png: str, pdf: str) -> None:
    """Rule logreg_figure: the figure of one statement from its measurement table(s)."""
    frame = pd.read_csv(inputs[0])
    data = str(frame["data"].iloc[0])
    if statement == 1:
        figures.plot_restarts(pd.read_csv(inputs[1]), frame, data, Path(png), Path(pdf))
    elif statement == 2:
        figures.plot_sparsity(frame, threshold, data, Path(png), Path(pdf))
    elif statement == 3:
        figures.plot_unregularized(frame, data, Path(png), Path(pdf))
    else:
        split = "train" if statement == 4 else "test"
        figures.plot_log_likelihood(frame, split, data, Path(png), Path(pdf))
