"""Rules logreg_separability, _path, _restarts, _unregularized and _multiclass: one solver job.

``params.experiment`` picks it: ``separability`` (hard-margin LP on the pair of statements 1
and 3), ``path`` (the l2 path of statements 2, 4, 5), ``restarts`` (statement 1),
``unregularized`` (gradient descent at lam = 0, statement 3) or ``multiclass`` (the ten-class
model along its lam path). Each rule passes only the config keys its job reads.
"""

from pathlib import Path

import torch

from sgdlab.pipeline.files import read_json, write_csv, write_json
from sgdlab.pipeline.job import job
from sgdlab.pipeline.subsample import Subsample
from sgdlab.studies.logreg import data, experiments, statements

params, inp, out = snakemake.params, snakemake.input, snakemake.output


def separable_set(device: torch.device) -> tuple[torch.Tensor, torch.Tensor, str]:
    """The verified separable pair's training set, or the synthetic one (see its LP record)."""
    x, labels = data.load_training(data_dir, subsample, device)
    separable = read_json(inp.check)["separable"]
    pair = tuple(params.separable_pair)
    return data.separable_training_set(x, labels, pair, separable, params.synthetic, device)


def separability(device: torch.device) -> None:
    """The hard-margin LP on the training images of the separable pair."""
    x, labels = data.load_training(data_dir, subsample, device)
    pair = tuple(params.separable_pair)
    record = {"pair": list(pair), **data.separability(*data.select_pair(x, labels, pair))}
    print(record)
    write_json(Path(out[0]), record)


def path(device: torch.device) -> None:
    """The l2 path (and the l1 fit's sparsity) on the configured pair."""
    features = data.load_features(data_dir, subsample, device)
    problem = data.binary_problem(features, tuple(params.pair))
    lambdas = experiments.lambda_grid(params.lambdas)
    table = experiments.path_table(
        problem, lambdas, params.grad_tol, params.max_iter, params.sparsity_threshold, params.l1_tol
    )
    write_csv(Path(out[0]), table)


def restarts(device: torch.device) -> None:
    """Random starts at each lam: one row per lam, and every start's trace."""
    x, y, description = separable_set(device)
    settings = params.restarts
    summary, traces = experiments.restarts(
        x,
        y,
        settings["lambdas"],
        settings["inits"],
        settings["init_scale"],
        settings["seed"],
        params.grad_tol,
        params.max_iter,
    )
    summary.insert(0, "data", description)
    write_csv(Path(out.summary), summary)
    write_csv(Path(out.traces), traces)


def unregularized(device: torch.device) -> None:
    """Gradient descent with lam = 0 on the separable set."""
    x, y, description = separable_set(device)
    descent = experiments.unregularized_descent(
        x, y, params.descent["iterations"], params.descent["points"]
    )
    descent.insert(0, "data", description)
    write_csv(Path(out[0]), descent)


def multiclass(device: torch.device) -> None:
    """The ten-class model of equations 7-14 along its lam path."""
    features = data.load_features(data_dir, subsample, device)
    settings = params.multiclass
    table = experiments.multiclass_path(
        features, settings["lambdas"], settings["grad_tol"], settings["max_iter"]
    )
    write_csv(Path(out[0]), statements.multiclass_table(table))


EXPERIMENTS = {
    "separability": separability,
    "path": path,
    "restarts": restarts,
    "unregularized": unregularized,
    "multiclass": multiclass,
}

with job(snakemake.log[0], snakemake.threads, params.device) as device:
    # The FashionMNIST files and the verified subsample every experiment reads.
    data_dir, subsample = Path(inp.data[0]).parent, Subsample(**read_json(inp.subsample))
    EXPERIMENTS[params.experiment](device)
