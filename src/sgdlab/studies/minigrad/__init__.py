"""Study ``minigrad``: 003 (assignment 2) and 004 problems 2-3, answered with sgdlab.minigrad.

``trace`` gives 004 problem 2's evaluation trace in both modes as a table, ``graphs`` 003
questions 5-8's computation graphs drawn from the library's node objects, ``cost`` 004
problem 3's measured time and memory of both modes with log-log slopes, ``training`` the
MLPs of 003 questions 9-10 (activations, variations) and ``figures`` the matplotlib figures.
The names below are the study's outputs; rules and tests read them from here.
"""

# Computation graphs, drawn as results/figures/minigrad/graph_<name>.{png,pdf}.
GRAPHS = ("addition", "trace")
# Figures under results/figures/minigrad/ besides one per training group (GROUP_FIGURE).
FIGURES = (*(f"graph_{name}" for name in GRAPHS), "cost")
# Tables under results/tables/ besides one per training group (GROUP_TABLE).
TABLES = ("minigrad_trace.csv", "minigrad_cost_slopes.csv")
# Figure and table of a training group (config minigrad.training.groups: activation, ...).
GROUP_FIGURE = "{group}_curves"
GROUP_TABLE = "minigrad_{group}.csv"
