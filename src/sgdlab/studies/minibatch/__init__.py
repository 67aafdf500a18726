"""Minibatch study (000_c9208c5f745f8f12.txt, sections 3 and 4): batch size against updates.

Every batch size B trains at half its own divergent learning rate for 50n/B updates; the
same runs answer section 3 (x = updates) and section 4 (x = effective passes). Every seed
has its own eta*_B; runs at smaller factors of it (1/4, 1/8) measure how sensitive the
answer is to the document's choice of 1/2, and those at one of them train on past the 50
passes until they interpolate (``interpolation``: the updates and passes to 100% against
B). ``tables`` builds the tables from the runs and the searches, ``figures`` draws them;
the names below are the study's outputs.
"""

# The metrics drawn against updates and against passes, one figure per (metric, axis).
CURVE_METRICS = ("train_loss", "train_accuracy", "test_loss", "test_accuracy")
AXES = ("updates", "passes")
FIGURES = (
    *(f"{metric}_vs_{axis}" for metric in CURVE_METRICS for axis in AXES),
    *(f"{axis}_to_interpolation" for axis in AXES),
    "divergent_lr",
    "lr_sensitivity",
    "interpolation_reached",
)
TABLES = (
    "minibatch_summary.csv",
    "minibatch_interpolation.csv",
    "minibatch_thresholds.csv",
    "minibatch_scaling.csv",
    "minibatch_interpolation_reached.csv",
)
