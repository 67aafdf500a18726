"""Minimal reruns: changing one config key plans exactly the jobs that use it and their consumers.

Each rule receives only the config keys it uses as params, so Snakemake's params trigger
reruns a job only when one of its own settings changed. Every case changes one key of a
study's section in a dry run over the finished quick preset and compares the planned rules
with the expected ones. `provenance` records the whole configuration, so it reruns on any
change (and `all` with it); the answer book reads every study's tables and figures, so it
is a consumer of every job and reruns after any of them.
"""

import pytest

from tests.conftest import QUICK
from tests.workflow.helpers import job_counts, snakemake

pytestmark = pytest.mark.e2e
ALWAYS = {"provenance", "all", "answer_book"}

MINIBATCH_TABLES_AND_FIGURES = {"minibatch_aggregate", "minibatch_figures"}
# Every search and what trains at its rates.
SEARCHES_AND_DEPENDENTS = {
    "lr_search",
    "minibatch_train",
    "averaged_sgd_train",
    "averaged_sgd_aggregate",
    "averaged_sgd_figure",
    "compute_cost",
    "compute_cost_figure",
} | MINIBATCH_TABLES_AND_FIGURES

# (overlay on the quick preset, rules planned besides provenance). A training or search
# job rewrites its benchmark, which the compute-cost table (and its figure) reads.
TRAINING_STUDY_CASES = [
    ({"minibatch": {"interpolation_thresholds": [0.5, 0.7, 1.0]}}, MINIBATCH_TABLES_AND_FIGURES),
    # The searches' probes skip test metrics: the test schedule reruns the runs, not them.
    (
        {"minibatch": {"test_points": 20}},
        {"minibatch_train", "compute_cost", "compute_cost_figure"} | MINIBATCH_TABLES_AND_FIGURES,
    ),
    (
        {"augmentation": {"rotation_degrees": 5.0}},
        {
            "augmentation_train",
            "compute_cost",
            "compute_cost_figure",
            "augmentation_aggregate",
            "augmentation_figures",
        },
    ),
    (
        {"averaged_sgd": {"ema_gamma": 0.01}},
        {
            "averaged_sgd_train",
            "compute_cost",
            "compute_cost_figure",
            "averaged_sgd_aggregate",
            "averaged_sgd_figure",
        },
    ),
    ({"averaged_sgd": {"skip_passes": 0.25}}, {"averaged_sgd_figure"}),
    # A section's own search bounds rerun its searches only, not the minibatch study's.
    (
        {"averaged_sgd": {"lr_search": {"min_lr": 0.0002}}},
        {
            "lr_search",
            "averaged_sgd_train",
            "compute_cost",
            "compute_cost_figure",
            "averaged_sgd_aggregate",
            "averaged_sgd_figure",
        },
    ),
    # Adam's rate: its choice and its final runs only, not the grid or the other optimizers.
    (
        {"optimizer_sweep": {"optimizers": {"adam": {"lrs": [0.002]}}}},
        {
            "optimizer_sweep_tuned": 1,
            "optimizer_sweep_final": 1,
            "optimizer_sweep_aggregate": 1,
            "optimizer_sweep_figure": 1,
            "compute_cost": 1,
            "compute_cost_figure": 1,
        },
    ),
    # The momentum coefficient: the momentum runs; its rate choice reads no coefficient.
    (
        {"optimizer_sweep": {"optimizers": {"momentum": {"momentum": 0.5}}}},
        {
            "optimizer_sweep_final": 1,
            "optimizer_sweep_aggregate": 1,
            "optimizer_sweep_figure": 1,
            "compute_cost": 1,
            "compute_cost_figure": 1,
        },
    ),
    ({"lr_search": {"rel_precision": 0.25}}, SEARCHES_AND_DEPENDENTS),
    # The lower-rates rule of the search: the minibatch searches and what trains at their
    # rates; the quick preset's averaged-SGD section sets its own ratio, so not its searches.
    (
        {"lr_search": {"loss_ratio": 3.0}},
        {
            "lr_search",
            "minibatch_train",
            "compute_cost",
            "compute_cost_figure",
        }
        | MINIBATCH_TABLES_AND_FIGURES,
    ),
    # The cap of the runs that train on to interpolation: the minibatch jobs (that group is
    # in each B's job), their tables and figures; not the searches.
    (
        {"minibatch": {"interpolation_runs": {"max_passes": 5}}},
        {"minibatch_train", "compute_cost", "compute_cost_figure"} | MINIBATCH_TABLES_AND_FIGURES,
    ),
]
# A compute job that reruns rewrites its benchmark file, so the cost table and figure follow.
COST = {"compute_cost": 1, "compute_cost_figure": 1}
# (overlay, rule -> number of jobs planned besides provenance and all)
OTHER_STUDY_CASES = [
    # The multi-class solver's tolerance: that job and the table it feeds, no binary job.
    (
        {"logreg": {"multiclass": {"grad_tol": 1.0e-4}}},
        {"logreg_multiclass": 1, "logreg_tables": 1, **COST},
    ),
    # Gradient descent at lambda = 0: its job, statement 3's figure, the tables.
    (
        {"logreg": {"descent": {"points": 10}}},
        {"logreg_unregularized": 1, "logreg_figures": 1, "logreg_tables": 1, **COST},
    ),
    # A plotted range: the figures, not the answers.
    ({"autodiff": {"soft_threshold": {"range": [-12.0, 12.0]}}}, {"autodiff_figures": 1}),
    # A quiz point: the answers, not the figures.
    ({"autodiff": {"quiz": {"rational_x": 3.0}}}, {"autodiff_answers": 1}),
    # The timed convolution of 002 part 4 2c: the answers job that writes its table.
    ({"autodiff": {"stride": {"repeats": 5}}}, {"autodiff_answers": 1}),
    # FashionMNIST's learning rate: its two runs and their groups, not the synthetic runs.
    (
        {"minigrad": {"training": {"fashion": {"lr": 0.1}}}},
        {"minigrad_train": 2, "minigrad_aggregate": 2, "minigrad_curves": 2, **COST},
    ),
    # The seed of c = a + b: its graph and the checks job that tables its members.
    ({"minigrad": {"graph_seed": 1}}, {"minigrad_graphs": 1, "minigrad_checks": 1}),
    # The cost study's repeats: its measurements, slopes and figure, no training job.
    (
        {"minigrad": {"cost": {"repeats": 2}}},
        {"minigrad_cost": 1, "minigrad_cost_slopes": 1, "minigrad_cost_figure": 1, **COST},
    ),
    # The rate walk's seeds: every minigrad training job and what reads them, nothing else.
    (
        {"minigrad": {"training": {"tuning": {"seeds": 2}}}},
        {"minigrad_train": 4, "minigrad_aggregate": 2, "minigrad_curves": 2, **COST},
    ),
    # The split: the runs on it and their figures, not the whole-set run or its learning curve.
    (
        {"linear_regression": {"split_random_state": 7}},
        {
            "linear_regression_split": 1,
            "linear_regression_momentum": 1,
            "linear_regression_answers": 1,
            "linear_regression_figures": 1,
            **COST,
        },
    ),
    # The candidate lists of 2.5: the momentum runs, their table and figures, nothing else.
    (
        {"linear_regression": {"momentum": {"candidates": [[0.0, 0.5], [0, 2]]}}},
        {
            "linear_regression_momentum": 1,
            "linear_regression_answers": 1,
            "linear_regression_figures": 1,
            **COST,
        },
    ),
]


@pytest.mark.parametrize(("overlay", "rules"), TRAINING_STUDY_CASES + OTHER_STUDY_CASES)
def test_one_changed_key_plans_only_its_jobs(quick_run, overlay, rules):
    run = snakemake(quick_run, "-n", *QUICK, overlay=overlay)
    assert run.returncode == 0, run.stderr[-3000:]
    planned = job_counts(run.stdout)
    if isinstance(rules, dict):  # rule -> number of jobs
        assert planned == {**rules, **dict.fromkeys(ALWAYS, 1)}
    else:
        assert set(planned) == rules | ALWAYS
