"""Autodiff study: the documents' questions about what PyTorch's autograd returns.

``programs`` holds the differentiable programs of 000 section 1, 001 section 1, 002 parts 1-2
and 004 problem 4 (each a mathematical function written one or more ways), ``closed_forms``
their derivatives derived by hand, ``soft_threshold`` the module g_T of 002 part 2,
``step_training`` the SGD-through-a-step-function experiment of 000 section 1.4,
``answers`` the table of every asked-for value beside an independent derivation, and
``figures`` the plots. Everything that is a value is computed in float64.
"""
