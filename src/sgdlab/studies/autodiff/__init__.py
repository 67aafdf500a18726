"""Autodiff study: the documents' questions about what PyTorch's autograd returns.

``programs`` holds the differentiable programs of 000 section 1, 001 section 1, 002 parts 1-2
and 004 problem 4 (each a mathematical function written one or more ways), ``closed_forms``
their derivatives derived by hand, ``soft_threshold`` the module g_T of 002 part 2 and
``step_training`` the SGD-through-a-step-function experiment of 000 section 1.4.
``edge_case_answers``, ``halving_answers``, ``quiz_answers``, ``midterm_answers`` and
``cnn_answers`` give every asked-for value beside an independent derivation (an
``answer.Answer`` each; ``cnn_answers`` also the tables of 002 part 4), ``tables`` the
answers table,
``nondifferentiable`` PyTorch at non-differentiable points; ``edge_case_figures`` and
``figures`` draw the plots on ``panels``; ``settings`` is what each job reads from the
config. Everything that is a value is computed in float64.
The names below are the study's outputs; rules and tests read them from here.
"""

# Figures drawn from the settings alone, in one job; under results/figures/autodiff/.
FUNCTION_FIGURES = (
    "jump_discontinuity",
    "square_two_ways",
    "halving_loop",
    "step_function",
    "sigmoid",
    "chain_rule",
    "soft_threshold",
    "sign_two_ways",
)
# Every figure (PNG and PDF): those and the one drawn from the step-training metrics.
FIGURES = (*FUNCTION_FIGURES, "step_training")
# Tables under results/tables/ made by the answers job besides autodiff_answers.csv/.md: the
# CNN questions of 002 part 4 that are tables (pooling cost 2d, stride 2c, receptive
# field 1b), by output name.
CNN_TABLES = {
    "pooling_cost": "autodiff_pooling_cost.csv",
    "stride": "autodiff_stride.csv",
    "receptive_field": "autodiff_receptive_field.csv",
}
# Every table under results/tables/.
TABLES = (
    "autodiff_answers.csv",
    "autodiff_answers.md",
    *CNN_TABLES.values(),
    "autodiff_nondifferentiable.csv",
)
