"""Autodiff study: the documents' questions about what PyTorch's autograd returns.

``programs`` holds the differentiable programs of 000 section 1, 001 section 1, 002 parts 1-2
and 004 problem 4 (each a mathematical function written one or more ways), ``closed_forms``
their derivatives derived by hand, ``soft_threshold`` the module g_T of 002 part 2 and
``step_training`` the SGD-through-a-step-function experiment of 000 section 1.4.
``edge_case_answers``, ``quiz_answers`` and ``midterm_answers`` give every asked-for value
beside an independent derivation (an ``answer.Answer`` each), ``tables`` the answers table,
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
# Tables under results/tables/.
TABLES = ("autodiff_answers.csv", "autodiff_answers.md", "autodiff_nondifferentiable.csv")
