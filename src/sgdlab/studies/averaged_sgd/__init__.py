"""Averaged SGD study (002_8b264e80ed0c5d82.txt, part 3): trained vs averaged weights.

MLP(32, 16, 12) at B = 8 and half its divergent rate, with an exponential moving average
of the weights evaluated beside them; once with ReLUs (the network the exercise asks for)
and once without (the notebook's, whose ReLU outputs are discarded), so that the table shows
which of the two the document's printed numbers come from. ``tables`` builds the tidy rows
and the final-metrics table, ``figures`` the 2x2 figure; the names below are its outputs.
"""

FIGURES = ("trained_vs_averaged",)
TABLES = ("averaged_sgd_final.csv", "averaged_sgd_final.md")
