"""Logistic-regression study: 004_3f409878d5cce0ab.txt problem 5 (l2-regularized, no bias).

``model`` holds the log-likelihoods and their hand-derived gradients (binary y in {-1, +1}
and the document's multi-class model with w_R = 0), ``data`` the standardized FashionMNIST
features and the linear-separability check, ``solver`` full-batch L-BFGS and plain gradient
descent, ``experiments`` the measurements behind the five true/false statements and the
multi-class questions, ``statements`` their answer tables and ``figures`` one plot per
statement. Everything is computed in float64.
"""
