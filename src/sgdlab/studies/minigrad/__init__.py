"""Study ``minigrad``: 003 (assignment 2) and 004 problems 2-3, answered with sgdlab.minigrad.

``checks`` tests every op against PyTorch (003 questions 1-4, 8), ``introspection`` reads
c = a + b's members and quotes the library's source lines (questions 5-7), ``graphs`` draws
computation graphs from the node objects, ``trace`` gives 004 problem 2's evaluation trace
in both modes; ``cost`` measures 004 problem 3's time and memory of both modes and
``regimes`` fits their log-log slopes where a power law holds, ``figures`` draws them;
``training``, ``tuning``, ``comparison`` and ``curves`` train the MLPs of questions 9-10,
each variant at its own tuned rate, and compare them. The names below are the study's
outputs; rules and tests read them from here.
"""

# Computation graphs, drawn as results/figures/minigrad/graph_<name>.{png,pdf}.
GRAPHS = ("addition", "trace")
# Figures under results/figures/minigrad/ besides those of each training group.
FIGURES = (*(f"graph_{name}" for name in GRAPHS), "cost")
# Tables under results/tables/ besides one per training group (GROUP_TABLE).
TABLES = (
    "minigrad_trace.csv",
    "minigrad_op_checks.csv",
    "minigrad_graph_values.csv",
    "minigrad_source_lines.csv",
    "minigrad_cost_slopes.csv",
)
# Figures and table of a training group (config minigrad.training.groups: activation, ...):
# its curves at the tuned rates, and the rates its tuning walk tried.
GROUP_FIGURE = "{group}_curves"
GROUP_GRID_FIGURE = "{group}_lr_grid"
GROUP_TABLE = "minigrad_{group}.csv"
