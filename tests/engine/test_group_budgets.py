"""Groups of one batch with budgets of their own: each ends at its own cap or interpolation.

The minibatch study trains its rate factors in one batch per B; the group at the smallest
factor trains on past the document's 50 passes until it interpolates or reaches a cap.
"""

import pytest
import torch

from sgdlab.engine.settings import RunSettings
from sgdlab.engine.training import train_replicates
from tests.conftest import synthetic_data

# n = 256, B = 8: 32 updates per pass, a log point every 16; the template's budget is 64.
TEMPLATE = RunSettings(
    "mlp", (32,), batch_size=8, lr=0.001, seed=0, max_passes=2, log_every_passes=0.5
)
# At lr 0.0003 seed 0 interpolates at update 368 and seed 1 at 560 (measured).
SLOW = 0.0003
CAP = {"max_passes": 15, "stop_at_interpolation": True}


def _quiet(_: str) -> None:
    """Discard the engine's messages."""


def _without_time(rows):
    return [{k: v for k, v in row.items() if k != "wall_time_s"} for row in rows]


def _batch(seeds, overrides=CAP):
    """The template's group at lr 0.001 and the slow group at its own budget, one batch."""
    lrs = [TEMPLATE.lr] * len(seeds) + [SLOW] * len(seeds)
    groups = [{}] * len(seeds) + [overrides] * len(seeds)
    return train_replicates(
        TEMPLATE, seeds * 2, lrs, synthetic_data(), log=_quiet, overrides=groups
    )


def test_a_group_ends_at_its_own_interpolation_or_cap_while_the_others_end_at_the_budget():
    short_0, short_1, long_0, long_1 = _batch([0, 1])
    assert [short_0.status, short_1.status] == ["completed", "completed"]
    assert short_0.updates == short_1.updates == 64
    assert short_0.rows[-1]["train_accuracy"] < 1.0
    assert (long_0.status, long_0.updates) == ("interpolated", 368)
    assert long_0.rows[-1]["train_accuracy"] == 1.0
    # Seed 1 would need 560 updates: the cap of 15 passes (480) ends it first (censored).
    assert (long_1.status, long_1.updates) == ("completed", 480)
    assert long_1.rows[-1]["train_accuracy"] < 1.0


def test_up_to_the_template_budget_a_longer_group_logs_what_a_run_of_that_budget_logs():
    *_, long_0, long_1 = _batch([0, 1])
    plain = train_replicates(TEMPLATE, [0, 1], [SLOW, SLOW], synthetic_data(), log=_quiet)
    for continued, stopped in zip([long_0, long_1], plain, strict=True):
        assert stopped.updates == 64
        head = continued.rows[: len(stopped.rows)]
        assert _without_time(head) == _without_time(stopped.rows)
        # Afterwards the group is logged every interval until its own end.
        assert [r["update"] for r in continued.rows[len(stopped.rows) :]][:2] == [80, 96]


@pytest.fixture
def one_thread():
    """One torch thread, as every pipeline job runs (compute.threads_per_job).

    With several threads a matrix product of a lone replicate (a stack of one, as when
    only seed 1's group trains on) may split its sums differently from a stack of several,
    which changes the last bits; with one thread every stack computes each replicate alone.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.usefixtures("one_thread")
def test_a_seed_of_a_group_computes_the_same_alone_and_among_other_seeds():
    alone = _batch([1])
    among = _batch([0, 1, 2])
    assert _without_time(alone[1].rows) == _without_time(among[4].rows)
    assert _without_time(alone[0].rows) == _without_time(among[1].rows)


def test_a_group_may_set_only_its_budget_and_stop():
    with pytest.raises(ValueError, match="may set only"):
        train_replicates(TEMPLATE, [0], [0.1], synthetic_data(), overrides=[{"lr": 0.2}])
    with pytest.raises(ValueError, match="one override per replicate"):
        train_replicates(TEMPLATE, [0, 1], [0.1, 0.1], synthetic_data(), overrides=[{}])
