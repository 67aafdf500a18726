"""Optimizer sweep (003_60588305cd3a2728.txt, questions 11-12): LeNet on FashionMNIST.

Question 11 asks for the best accuracy over learning rate, batch size and epochs: a grid
of plain-SGD runs, each trained for the largest epoch count and read at every smaller one
(a run stopped after E passes computes exactly the first E passes of a longer one: there
is no schedule). Question 12 asks for other optimizers: the best setting's batch size and
epochs with SGD + momentum, Adam and AdamW, each at its own configured learning rate.
``tables`` reads the grid, picks the best setting and ranks every setting; ``figures``
draws the optimizers' curves. The names below are the study's outputs.
"""

FIGURES = ("test_accuracy_per_optimizer",)
TABLES = ("optimizer_sweep.csv", "optimizer_sweep.md")
