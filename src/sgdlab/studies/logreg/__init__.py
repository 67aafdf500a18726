"""Logistic-regression study: 004_3f409878d5cce0ab.txt problem 5 (l2-regularized, no bias).

``model`` holds the log-likelihoods and their hand-derived gradients (binary y in {-1, +1}
and the document's multi-class model with w_R = 0), ``data`` the standardized FashionMNIST
features and the linear-separability check, ``solver`` full-batch L-BFGS and plain gradient
descent, ``experiments`` the measurements behind the five true/false statements and the
multi-class questions, ``statements`` their answer tables and ``figures`` one plot per
statement. Everything is computed in float64. The names below are the study's outputs;
rules and tests read them from here.
"""

# Figure under results/figures/logreg/ -> the run tables (results/runs/logreg/) it is
# drawn from, in the order its figure function takes them.
FIGURE_SOURCES = {
    "statement1_local_optima": ("restarts.csv", "restart_traces.csv"),
    "statement2_sparsity": ("path.csv",),
    "statement3_unregularized": ("unregularized.csv",),
    "statement4_train_likelihood": ("path.csv",),
    "statement5_test_likelihood": ("path.csv",),
}
FIGURES = tuple(FIGURE_SOURCES)
# The config keys (of section logreg) a figure reads besides its tables.
FIGURE_SETTINGS = {"statement2_sparsity": ("sparsity_threshold",)}
# Tables under results/tables/.
TABLES = (
    "logreg_statements.csv",
    "logreg_statements.md",
    "logreg_multiclass.csv",
    "logreg_multiclass.md",
)
