"""Minimal reruns: changing one config key plans exactly the jobs that use it and their consumers.

Each rule receives only the config keys it uses as params, so Snakemake's params trigger
reruns a job only when one of its own settings changed. Every case changes one key of a
study's section in a dry run over the finished quick preset and compares the planned rules
with the expected ones. `provenance` records the whole configuration, so it reruns on any
change (and `all` with it).
"""

import pytest

from tests.conftest import QUICK
from tests.workflow.helpers import job_counts, snakemake

pytestmark = pytest.mark.e2e
ALWAYS = {"provenance", "all"}

MINIBATCH_TABLES_AND_FIGURES = {
    "minibatch_aggregate",
    "minibatch_curve",
    "minibatch_to_interpolation",
    "minibatch_lr_sensitivity",
}

# (overlay on the quick preset, rules planned besides provenance). A training or search
# job rewrites its benchmark, which the compute-cost table reads.
TRAINING_STUDY_CASES = [
    ({"minibatch": {"interpolation_thresholds": [0.5, 0.7, 1.0]}}, MINIBATCH_TABLES_AND_FIGURES),
    # The searches' probes skip test metrics: the test schedule reruns the runs, not them.
    (
        {"minibatch": {"test_points": 20}},
        {"minibatch_train", "compute_cost"} | MINIBATCH_TABLES_AND_FIGURES,
    ),
    (
        {"augmentation": {"rotation_degrees": 5.0}},
        {"augmentation_train", "compute_cost", "augmentation_aggregate", "augmentation_figure"},
    ),
    (
        {"averaged_sgd": {"ema_gamma": 0.01}},
        {"averaged_sgd_train", "compute_cost", "averaged_sgd_aggregate", "averaged_sgd_figure"},
    ),
    ({"averaged_sgd": {"skip_passes": 0.25}}, {"averaged_sgd_figure"}),
    # A section's own search bounds rerun its searches only, not the minibatch study's.
    (
        {"averaged_sgd": {"lr_search": {"min_lr": 0.0002}}},
        {
            "lr_search",
            "averaged_sgd_train",
            "compute_cost",
            "averaged_sgd_aggregate",
            "averaged_sgd_figure",
        },
    ),
    (
        {"optimizer_sweep": {"optimizers": {"adam": {"lr": 0.002}}}},
        {
            "optimizer_sweep_optimizer",
            "compute_cost",
            "optimizer_sweep_aggregate",
            "optimizer_sweep_figure",
        },
    ),
    (
        {"lr_search": {"rel_precision": 0.25}},
        {
            "lr_search",
            "minibatch_train",
            "minibatch_divergent_lr",
            "averaged_sgd_train",
            "averaged_sgd_aggregate",
            "averaged_sgd_figure",
            "compute_cost",
        }
        | MINIBATCH_TABLES_AND_FIGURES,
    ),
]
OTHER_STUDY_CASES: list = []


@pytest.mark.parametrize(("overlay", "rules"), TRAINING_STUDY_CASES + OTHER_STUDY_CASES)
def test_one_changed_key_plans_only_its_jobs(quick_run, overlay, rules):
    run = snakemake(quick_run, "-n", *QUICK, overlay=overlay)
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(job_counts(run.stdout)) == rules | ALWAYS
