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

# (overlay on the quick preset, rules planned besides provenance)
TRAINING_STUDY_CASES = [
    (
        {"minibatch": {"interpolation_thresholds": [0.5, 0.7, 1.0]}},
        {
            "minibatch_aggregate",
            "minibatch_curve",
            "minibatch_to_interpolation",
            "minibatch_lr_sensitivity",
        },
    ),
]
OTHER_STUDY_CASES: list = []


@pytest.mark.parametrize(("overlay", "rules"), TRAINING_STUDY_CASES + OTHER_STUDY_CASES)
def test_one_changed_key_plans_only_its_jobs(quick_run, overlay, rules):
    run = snakemake(quick_run, "-n", *QUICK, overlay=overlay)
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(job_counts(run.stdout)) == rules | ALWAYS
