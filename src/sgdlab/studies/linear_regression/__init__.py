"""Linear regression study (001_d450d758804f5c5c.txt, section 2): SGD on a line.

``data`` generates the seeded one-feature data set (or safely loads the user's ``X.pt`` and
``y.pt``), ``training`` holds minibatch SGD with the document's momentum, the least-squares
solution and the 80:10:10 split, ``experiments`` runs questions 2.1 to 2.5, ``tables`` builds
the answers table, ``candidates`` judges each candidate list of momentum values of 2.5 by
what its runs do, and ``figures`` draws the learning curve, the train/validation losses,
the momentum curves and the candidates as small multiples. Everything is computed in
float64 on the CPU. The names below are the study's outputs; rules and tests read them
from here.
"""

# The runs: 2.1-2.2 on the whole set, 2.3-2.4 on the split, 2.5 with momentum.
EXPERIMENTS = ("whole_set", "split", "momentum")
# Figure under results/figures/linear_regression/ -> the experiment whose metrics it draws.
FIGURE_SOURCES = {
    "learning_curve": "whole_set",
    "train_val_loss": "split",
    "momentum": "momentum",
    "momentum_candidates": "momentum",
}
FIGURES = tuple(FIGURE_SOURCES)
# Tables under results/tables/.
TABLES = (
    "linear_regression.csv",
    "linear_regression.md",
    "linear_regression_momentum_candidates.csv",
)
