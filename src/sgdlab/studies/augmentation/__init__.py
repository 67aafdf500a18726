"""Augmentation study (000_c9208c5f745f8f12.txt, section 2): four settings from two runs.

A run trained with or without augmentation logs clean and voted test accuracy on the same
weights, so "augmentation at test time" is a column of a run, not a separate run.
``tables`` turns the runs' rows into the four settings' tidy rows, the final-accuracy table
and the paired differences; ``figures`` draws one metric per figure. The names below are
the study's outputs.
"""

# One figure per metric, named after it.
FIGURES = ("train_loss", "train_accuracy", "test_loss", "test_accuracy")
TABLES = (
    "augmentation_final_test_accuracy.csv",
    "augmentation_final_test_accuracy.md",
    "augmentation_paired_differences.csv",
)
