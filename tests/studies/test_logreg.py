"""Logistic-regression study: hand gradients vs autograd, solver vs scikit-learn, answers."""

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.linear_model import LogisticRegression

from sgdlab.studies.logreg import FIGURES, experiments, model, statements
from sgdlab.studies.logreg.data import select_pair, separability, synthetic_separable
from sgdlab.studies.logreg.figures import PLOTS
from sgdlab.studies.logreg.solver import lbfgs

CPU = torch.device("cpu")


def _binary(n=60, d=7, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g, dtype=torch.float64)
    y = torch.where(torch.rand(n, generator=g) < 0.5, 1.0, -1.0).double()
    return x, y, torch.randn(d, generator=g, dtype=torch.float64)


def _multiclass(n=50, d=6, r=4, seed=1):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g, dtype=torch.float64)
    labels = torch.randint(r, (n,), generator=g)
    return x, labels, torch.randn(d, r - 1, generator=g, dtype=torch.float64)


def _autograd(function, w):
    w = w.clone().requires_grad_(True)
    function(w).backward()
    return w.grad


@pytest.mark.parametrize("lam", [0.0, 0.3])
def test_binary_gradient_equals_autograd(lam):
    x, y, w = _binary()
    auto = _autograd(lambda v: model.binary_objective(v, x, y, lam)[0], w)
    torch.testing.assert_close(
        model.binary_objective(w, x, y, lam)[1], auto, rtol=1e-12, atol=1e-12
    )
    torch.testing.assert_close(
        model.binary_gradient(w, x, y),
        _autograd(lambda v: model.binary_log_likelihood(v, x, y), w),
        rtol=1e-12,
        atol=1e-12,
    )


@pytest.mark.parametrize("lam", [0.0, 2.5])
def test_multiclass_gradients_equal_autograd(lam):
    x, labels, w = _multiclass()
    auto = _autograd(lambda v: model.multiclass_log_likelihood(v, x, labels), w)
    torch.testing.assert_close(
        model.multiclass_gradient(w, x, labels), auto, rtol=1e-12, atol=1e-12
    )
    auto = _autograd(lambda v: model.multiclass_objective(v, x, labels, lam)[0], w)
    grad = model.multiclass_objective(w, x, labels, lam)[1]
    torch.testing.assert_close(grad, auto, rtol=1e-12, atol=1e-12)


def test_parameterization_matches_equations_7_and_8():
    x, labels, w = _multiclass(d=5, r=10)
    assert model.parameter_count(5, 10) == w.numel() == 9 * 5
    scores = torch.exp(x @ w)
    denominator = 1.0 + scores.sum(dim=1, keepdim=True)
    by_hand = torch.cat([scores / denominator, 1.0 / denominator], dim=1)
    torch.testing.assert_close(model.multiclass_probabilities(w, x), by_hand)
    logits = torch.cat([x @ w, torch.zeros(x.shape[0], 1, dtype=x.dtype)], dim=1)
    torch.testing.assert_close(model.multiclass_probabilities(w, x), torch.softmax(logits, 1))
    log_lik = torch.log(by_hand.gather(1, labels[:, None])).sum()
    torch.testing.assert_close(model.multiclass_log_likelihood(w, x, labels), log_lik)


def test_lbfgs_matches_scikit_learn():
    x, y, _ = _binary(n=80, d=5, seed=3)
    lam = 0.7
    solution = lbfgs(
        lambda v: model.binary_objective(v, x, y, lam),
        torch.zeros(5, dtype=torch.float64),
        1e-10,
        1000,
    )
    # Asked for 1e-10, L-BFGS stops where float64 can no longer lower the objective (about
    # 1e-8 on an Intel Xeon, below on an AMD EPYC): the pipeline's tolerance, 1e-6, holds.
    # scikit-learn minimizes ||w||^2 / 2 + C sum loss, i.e. lam = 1 / (2 C).
    reference = LogisticRegression(C=1 / (2 * lam), fit_intercept=False, tol=1e-12, max_iter=10_000)
    reference.fit(x.numpy(), y.numpy())
    np.testing.assert_allclose(
        solution.weights.numpy(), reference.coef_.ravel(), rtol=1e-6, atol=1e-8
    )
    assert solution.grad_max <= 1e-6


def test_separability_check():
    problem = synthetic_separable(200, 5, 0.2, seed=0, device=CPU)
    record = separability(problem.train_x, problem.train_y)
    assert record["separable"] and record["min_margin_of_lp_solution"] >= 1 - 1e-7
    # x and -x with the same label: no w through the origin separates them.
    x = torch.randn(20, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    assert not separability(torch.cat([x, -x]), torch.ones(40, dtype=torch.float64))["separable"]


def test_unregularized_norm_grows_and_loss_falls():
    problem = synthetic_separable(100, 4, 0.3, seed=1, device=CPU)
    descent = experiments.unregularized_descent(problem.train_x, problem.train_y, 400, 12)
    assert (np.diff(descent["weight_norm"]) > 0).all()
    assert (np.diff(descent["train_loss"]) < 0).all()
    row = statements.statement_3(descent)
    assert row["measured_answer"] == "True" and row["agrees"]


def test_path_answers_statements_4_and_5():
    problem = synthetic_separable(60, 30, 0.0001, seed=2, device=CPU)
    path = experiments.regularization_path(problem, [1e-3, 1e-1, 10.0, 1e3], 1e-8, 5000, 1e-3)
    assert (np.diff(path["train_log_likelihood"]) < 0).all()
    # As written ("l increases"), statement 4 is false on this path: the document says True,
    # which holds only for the loss -l, and the row says so.
    row = statements.statement_4(path)
    assert row["measured_answer"] == "False" and not row["agrees"] and "-l" in row["reading"]
    rising = pd.DataFrame({"lambda": [1.0, 2.0, 3.0], "test_log_likelihood": [-3.0, -2.0, -1.0]})
    assert statements.statement_5(rising)["measured_answer"] == "True"
    assert not statements.statement_5(rising)["agrees"]
    peaked = rising.assign(test_log_likelihood=[-3.0, -1.0, -2.0])
    assert statements.statement_5(peaked)["agrees"]


@pytest.mark.parametrize("falling", [True, False])
def test_agreement_follows_from_the_document_answer_and_the_measurement(falling):
    values = [-1.0, -2.0, -3.0] if falling else [-3.0, -2.0, -1.0]
    row = statements.statement_4(
        pd.DataFrame({"lambda": [1, 2, 3], "train_log_likelihood": values})
    )
    assert row["agrees"] == (row["document_answer"] == row["measured_answer"])
    assert row["measured_answer"] == str(not falling)


def test_restarts_reach_one_optimum():
    problem = synthetic_separable(80, 6, 0.1, seed=4, device=CPU)
    summary, traces = experiments.restarts(
        problem.train_x, problem.train_y, [0.5], 4, 3.0, 0, 1e-9, 500
    )
    assert summary["max_pairwise_distance"].iloc[0] <= summary["distance_bound"].iloc[0] + 1e-12
    assert summary["start_distance_min"].iloc[0] > 1.0
    assert set(traces["init"]) == {0, 1, 2, 3}


def test_pair_selection_labels_the_first_class_plus_one():
    x = torch.arange(12, dtype=torch.float64).reshape(6, 2)
    labels = torch.tensor([3, 5, 3, 1, 5, 3])
    pair_x, y = select_pair(x, labels, (5, 3))
    assert y.tolist() == [-1.0, 1.0, -1.0, 1.0, -1.0]
    assert pair_x[:, 0].tolist() == [0.0, 2.0, 4.0, 8.0, 10.0]
    with pytest.raises(ValueError, match="two different classes"):
        select_pair(x, labels, (3, 3))


def test_statements_markdown_has_one_row_per_statement_and_every_figure_a_plot():
    path = pd.DataFrame(
        {
            "lambda": [1.0, 2.0, 3.0],
            "small_fraction_l2": [0.01, 0.0, 0.0],
            "small_fraction_l1": [0.5, 0.6, 0.7],
            "exact_zeros_l2": [0, 0, 0],
            "train_log_likelihood": [-1.0, -2.0, -3.0],
            "test_log_likelihood": [-3.0, -1.0, -2.0],
        }
    )
    restarts = pd.DataFrame(
        {
            "lambda": [1.0],
            "inits": [3],
            "max_pairwise_distance": [1e-9],
            "start_distance_min": [2.0],
            "distance_bound": [1e-8],
        }
    )
    problem = synthetic_separable(100, 4, 0.3, seed=1, device=CPU)
    descent = experiments.unregularized_descent(problem.train_x, problem.train_y, 400, 12)
    table = statements.statements_table(path, restarts, descent)
    lines = statements.statements_markdown(table).splitlines()
    assert lines[0].startswith("# 004_3f409878d5cce0ab.txt problem 5")
    assert lines[3] == "|---:|---|---|---|---|---|---|" and len(lines) == 4 + 5
    assert (table["agrees"] == (table["document_answer"] == table["measured_answer"])).all()
    assert set(PLOTS) == set(FIGURES)
