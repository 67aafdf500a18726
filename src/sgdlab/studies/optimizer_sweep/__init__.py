"""Optimizer sweep (003_60588305cd3a2728.txt, questions 11-12): LeNet on FashionMNIST.

Question 11 asks for the best accuracy over learning rate, batch size and epochs; question
12 for other optimizers. Every choice is made on a validation split held out of the
training subsample, never on the test set. A plain-SGD grid (per batch size a few rates,
each run read at every epoch: with no schedule a run of E epochs is the first E of a
longer one) gives the best setting and how flat the surface is around it (``selection``);
question 12 trains at the grid setting with the fewest updates within one standard error of
the best, where momentum, Adam and AdamW each get their rate tuned on a small grid, and
then compares all four at their rates with every seed (``tables``, ``figures``). The names
below are the study's outputs.
"""

FIGURES = ("sgd_grid", "final_test_accuracy", "test_accuracy_per_optimizer")
TABLES = ("optimizer_sweep_grid.csv", "optimizer_sweep.csv", "optimizer_sweep.md")
