"""The measurements behind problem 5's statements and its multi-class questions."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import torch
from sklearn.linear_model import LogisticRegression

from sgdlab.studies.logreg import model
from sgdlab.studies.logreg.data import BinaryProblem, Features
from sgdlab.studies.logreg.solver import gradient_descent, lbfgs


def lambda_grid(grid: dict) -> list[float]:
    """The log-spaced lam grid of the config: ``count`` values from ``min`` to ``max``."""
    return [float(v) for v in np.geomspace(grid["min"], grid["max"], grid["count"])]


def small_fraction(w: torch.Tensor, threshold: float) -> float:
    """Fraction of weights with |w_i| <= threshold * max_i |w_i| (scale-free sparsity)."""
    scale = float(w.abs().max())
    return float((w.abs() <= threshold * scale).double().mean()) if scale > 0 else 1.0


def regularization_path(
    problem: BinaryProblem,
    lambdas: list[float],
    grad_tol: float,
    max_iter: int,
    threshold: float,
) -> pd.DataFrame:
    """Minimize J = -l + lam ||w||^2 for every lam, from the largest lam down (warm starts).

    J is strictly convex for lam > 0 (statement 1), so the start changes only the cost; the
    distance to the optimum is at most ||grad J|| / (2 lam), reported as ``distance_bound``.
    """
    x, y = problem.train_x, problem.train_y
    w = x.new_zeros(x.shape[1])
    rows = []
    for lam in sorted(lambdas, reverse=True):
        solution = lbfgs(
            lambda v, lam=lam: model.binary_objective(v, x, y, lam), w, grad_tol, max_iter
        )
        w = solution.weights
        _, grad = model.binary_objective(w, x, y, lam)
        rows.append(
            {
                "lambda": lam,
                "iterations": solution.iterations,
                "grad_max": solution.grad_max,
                "distance_bound": float(grad.norm()) / (2 * lam),
                "weight_norm": float(w.norm()),
                "train_log_likelihood": float(model.binary_log_likelihood(w, x, y)),
                "test_log_likelihood": float(
                    model.binary_log_likelihood(w, problem.test_x, problem.test_y)
                ),
                "n_train": x.shape[0],
                "n_test": problem.test_x.shape[0],
                "train_accuracy": float(((x @ w) * y > 0).double().mean()),
                "test_accuracy": float(((problem.test_x @ w) * problem.test_y > 0).double().mean()),
                "small_fraction_l2": small_fraction(w, threshold),
                "exact_zeros_l2": int((w == 0).sum()),
            }
        )
    return pd.DataFrame(rows).sort_values("lambda", ignore_index=True)


def l1_small_fractions(
    problem: BinaryProblem, lambdas: list[float], threshold: float, tol: float, seed: int
) -> list[float]:
    """Sparsity of the l1-regularized fit -l + lam ||w||_1 (scikit-learn liblinear, C = 1/lam)."""
    x, y = problem.train_x.cpu().numpy(), problem.train_y.cpu().numpy()
    fractions = []
    for lam in lambdas:
        fit = LogisticRegression(
            l1_ratio=1.0,
            C=1.0 / lam,
            solver="liblinear",
            fit_intercept=False,
            tol=tol,
            max_iter=10_000,
            random_state=seed,
        ).fit(x, y)
        fractions.append(small_fraction(torch.from_numpy(fit.coef_.ravel()), threshold))
    return fractions


def path_table(
    problem: BinaryProblem,
    lambdas: list[float],
    grad_tol: float,
    max_iter: int,
    threshold: float,
    l1_tol: float,
) -> pd.DataFrame:
    """The l2 path with the l1 fit's sparsity at each lam beside it, and what data it used."""
    path = regularization_path(problem, lambdas, grad_tol, max_iter, threshold)
    path["small_fraction_l1"] = l1_small_fractions(
        problem, list(path["lambda"]), threshold, l1_tol, seed=0
    )
    path.insert(0, "data", problem.description)
    return path


def restarts(
    x: torch.Tensor,
    y: torch.Tensor,
    lambdas: list[float],
    inits: int,
    init_scale: float,
    seed: int,
    grad_tol: float,
    max_iter: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Solve J from ``inits`` random starts N(0, init_scale^2 I) per lam (statement 1).

    Returns one row per lam (max pairwise distance of the solutions, their objective spread,
    the strong-convexity bound on the distance) and the trace: every start's distance to
    the mean solution after each L-BFGS iteration.
    """
    generator = torch.Generator().manual_seed(seed)
    summary, traces = [], []
    for lam in lambdas:
        objective = lambda v, lam=lam: model.binary_objective(v, x, y, lam)  # noqa: E731
        starts = [
            init_scale * torch.randn(x.shape[1], generator=generator, dtype=x.dtype).to(x.device)
            for _ in range(inits)
        ]
        solutions = [lbfgs(objective, s, grad_tol, max_iter, keep_trace=True) for s in starts]
        finals = torch.stack([s.weights for s in solutions])
        centre = finals.mean(dim=0)
        values = [float(objective(w)[0]) for w in finals]
        grad_norms = [float(objective(w)[1].norm()) for w in finals]
        distances = [float((a - b).norm()) for a, b in itertools.combinations(finals, 2)]
        summary.append(
            {
                "lambda": lam,
                "inits": inits,
                "max_pairwise_distance": max(distances),
                "solution_norm": float(centre.norm()),
                "start_distance_min": min(float((s - centre).norm()) for s in starts),
                "objective_spread": max(values) - min(values),
                "distance_bound": 2 * max(grad_norms) / (2 * lam),
                "iterations_max": max(s.iterations for s in solutions),
            }
        )
        for k, (start, solution) in enumerate(zip(starts, solutions, strict=True)):
            path = [start, *solution.trace]
            traces += [
                {"lambda": lam, "init": k, "iteration": i, "distance": float((w - centre).norm())}
                for i, w in enumerate(path)
            ]
    return pd.DataFrame(summary), pd.DataFrame(traces)


def unregularized_descent(
    x: torch.Tensor, y: torch.Tensor, iterations: int, points: int
) -> pd.DataFrame:
    """Plain gradient descent on -l (lam = 0) from w = 0 with step 1/L (statement 3).

    L = ||X||_2^2 / 4 bounds the Hessian of -l. Records ||w||, the training loss -l and the
    smallest normalized margin min_j y_j <w, x_j> / ||w|| at log-spaced iterations.
    """
    step = 4.0 / float(torch.linalg.matrix_norm(x, ord=2)) ** 2
    record = {int(t) for t in np.unique(np.geomspace(1, iterations, points).round())} | {0}
    kept = gradient_descent(
        lambda w: -model.binary_gradient(w, x, y), x.new_zeros(x.shape[1]), step, iterations, record
    )
    rows = []
    for t, w in sorted(kept.items()):
        norm = float(w.norm())
        rows.append(
            {
                "iteration": t,
                "weight_norm": norm,
                "train_loss": float(-model.binary_log_likelihood(w, x, y)),
                "train_accuracy": float(((x @ w) * y > 0).double().mean()),
                "normalized_margin": float(((x @ w) * y).min()) / norm if norm > 0 else 0.0,
                "step": step,
            }
        )
    return pd.DataFrame(rows)


def multiclass_path(
    features: Features, lambdas: list[float], grad_tol: float, max_iter: int
) -> pd.DataFrame:
    """The multi-class model (w_R = 0) along the lam path: likelihood, gradients, accuracy.

    ``grad_eq12_norm`` is ||dL/dW|| of the unpenalized log-likelihood, which at the
    penalized optimum equals lam ||W|` (``lambda_weight_norm``); ``autograd_gap`` is the
    largest difference between the hand gradient (equation 14, sign corrected) and autograd.
    """
    x, labels = features.train_x, features.train_labels
    n_classes = int(labels.max()) + 1
    weights = x.new_zeros(x.shape[1], n_classes - 1)
    rows = []
    for lam in sorted(lambdas, reverse=True):
        objective = lambda v, lam=lam: model.multiclass_objective(v, x, labels, lam)  # noqa: E731
        solution = lbfgs(objective, weights, grad_tol, max_iter)
        weights = solution.weights
        auto = weights.clone().requires_grad_(True)
        objective(auto)[0].backward()
        _, grad = objective(weights)
        test_logits = model.full_logits(weights, features.test_x)
        rows.append(
            {
                "lambda": lam,
                "parameters": model.parameter_count(x.shape[1], n_classes),
                "iterations": solution.iterations,
                "train_log_likelihood": float(model.multiclass_log_likelihood(weights, x, labels)),
                "penalized_objective": -float(objective(weights)[0]),
                "grad_penalized_norm": float(grad.norm()),
                "grad_eq12_norm": float(model.multiclass_gradient(weights, x, labels).norm()),
                "lambda_weight_norm": lam * float(weights.norm()),
                "autograd_gap": float((auto.grad - grad).abs().max()),
                "train_accuracy": float(
                    (model.full_logits(weights, x).argmax(1) == labels).double().mean()
                ),
                "test_log_likelihood": float(
                    model.multiclass_log_likelihood(weights, features.test_x, features.test_labels)
                ),
                "test_accuracy": float(
                    (test_logits.argmax(1) == features.test_labels).double().mean()
                ),
                "n_train": x.shape[0],
                "n_test": features.test_x.shape[0],
            }
        )
    return pd.DataFrame(rows).sort_values("lambda", ignore_index=True)
