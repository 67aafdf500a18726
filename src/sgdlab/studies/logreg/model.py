"""Log-likelihoods of the document's logistic models and their gradients, derived by hand.

Binary (equations 5-6): y in {-1, +1}, P(y | x, w) = sigmoid(y <w, x>). Multi-class
(equations 7-8): R classes, weights W of shape (D, R - 1), the last class's weights fixed
at zero, so only (R - 1) D numbers are estimated.
"""

from __future__ import annotations

import torch
from torch.nn.functional import logsigmoid


def binary_log_likelihood(w: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """l(w, D) = sum_j log sigmoid(y_j <w, x_j>) (equation 6), computed without overflow."""
    return logsigmoid(y * (x @ w)).sum()


def binary_gradient(w: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Gradient of equation 6: sum_j y_j x_j sigmoid(-y_j <w, x_j>)."""
    return x.T @ (y * torch.sigmoid(-y * (x @ w)))


def binary_objective(
    w: torch.Tensor, x: torch.Tensor, y: torch.Tensor, lam: float
) -> tuple[torch.Tensor, torch.Tensor]:
    """J(w) = -l(w) + lam ||w||^2 (equation 5) and its gradient, for a minimizer."""
    value = -binary_log_likelihood(w, x, y) + lam * (w @ w)
    return value, -binary_gradient(w, x, y) + 2.0 * lam * w


def full_logits(weights: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Scores <w_k, x> of all R classes, the last one fixed at 0 (w_R = 0, equation 8)."""
    scores = x @ weights
    return torch.cat([scores, scores.new_zeros(scores.shape[0], 1)], dim=1)


def multiclass_probabilities(weights: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """P(Y = y_k | x) of equations 7-8 for every class (rows sum to 1)."""
    return torch.softmax(full_logits(weights, x), dim=1)


def multiclass_log_likelihood(
    weights: torch.Tensor, x: torch.Tensor, labels: torch.Tensor
) -> torch.Tensor:
    """L(w_1..w_{R-1}) of equation 11: sum_j <w_{l_j}, x_j> - log(1 + sum_k exp <w_k, x_j>)."""
    logits = full_logits(weights, x)
    return logits.gather(1, labels[:, None]).sum() - torch.logsumexp(logits, dim=1).sum()


def multiclass_gradient(
    weights: torch.Tensor, x: torch.Tensor, labels: torch.Tensor
) -> torch.Tensor:
    """Equation 12 for k < R, as columns: sum_{x in X_k} x - sum_j x_j P(y_k | x_j)."""
    probabilities = multiclass_probabilities(weights, x)[:, :-1]
    indicator = torch.nn.functional.one_hot(labels, weights.shape[1] + 1)[:, :-1]
    return x.T @ (indicator.to(x.dtype) - probabilities)


def multiclass_objective(
    weights: torch.Tensor, x: torch.Tensor, labels: torch.Tensor, lam: float
) -> tuple[torch.Tensor, torch.Tensor]:
    """-(L - lam/2 sum_l ||w_l||^2) and its gradient, for a minimizer.

    Equation 13 adds +lam/2 sum ||w_l||^2 to the log-likelihood that is maximized, which
    would reward large weights; a penalty is subtracted, so equation 14's +lam w_l becomes
    -lam w_l for the maximized objective (+lam w_l for this minimized one).
    """
    value = -multiclass_log_likelihood(weights, x, labels) + 0.5 * lam * (weights**2).sum()
    return value, -multiclass_gradient(weights, x, labels) + lam * weights


def parameter_count(n_features: int, n_classes: int) -> int:
    """Numbers estimated by the multi-class model: (R - 1) D (w_R is fixed at zero)."""
    return (n_classes - 1) * n_features
