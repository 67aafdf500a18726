"""The search on a quadratic, whose gradient step diverges exactly above lr = 2 / a.

Every search here judges probes against the seed's lower rates too (``loss_ratio``, on by
default): on the quadratic the stable rates' losses fall to 0, and the search still finds
the closed-form threshold.
"""

import math

import pytest

from sgdlab.engine.lr_search import (
    Probe,
    SearchError,
    SearchSettings,
    judge_against_lower_rates,
    results_to_dict,
    search,
    training_probe,
)
from sgdlab.engine.settings import RunSettings
from tests.conftest import synthetic_data


def quadratic_probe(curvature, steps: int = 2000):
    """Gradient descent on f(w) = a_s w^2 / 2 from w0 = 1 + seed: |1 - lr a_s|^k growth.

    ``curvature`` is one number for every seed or a mapping seed -> a_s.
    """

    def probe(rates):
        results = {}
        for seed, lr in rates.items():
            a = curvature[seed] if isinstance(curvature, dict) else curvature
            w0 = 1.0 + seed
            w = w0
            diverged_at = None
            for k in range(1, steps + 1):
                w -= lr * a * w
                if abs(w) > 10 * abs(w0):
                    diverged_at = k
                    break
            initial = 0.5 * a * w0 * w0
            diverged = diverged_at is not None
            results[seed] = Probe(lr, seed, diverged, 0.5 * a * w * w, diverged_at, initial)
        return results

    return probe


@pytest.mark.parametrize("curvature", [3.0, 17.0, 250.0])
def test_finds_the_known_threshold_within_precision(curvature):
    threshold = 2.0 / curvature
    settings = SearchSettings(min_lr=1e-4, max_lr=10.0, rel_precision=0.05)
    assert settings.loss_ratio == 2.0, "the lower-rates rule is on"
    (result,) = search(quadratic_probe(curvature), [0], settings)
    assert result.stable_lr <= threshold * (1 + 1e-9)
    assert threshold < result.divergent_lr <= threshold * 1.05 * 1.01
    assert result.divergent_lr / result.stable_lr <= 1.05
    assert [p.lr for p in result.probes[:3]] == pytest.approx([1e-4, 2e-4, 4e-4])
    assert all(
        p.diverged == (p.lr > threshold * 1.004)
        for p in result.probes
        if abs(math.log(p.lr / threshold)) > 0.01
    )


def test_every_seed_finds_its_own_threshold_in_lockstep():
    curvatures = {0: 3.0, 1: 17.0, 2: 250.0}
    rounds = []
    probe = quadratic_probe(curvatures)

    def counting_probe(rates):
        rounds.append(dict(rates))
        return probe(rates)

    settings = SearchSettings(min_lr=1e-4, max_lr=10.0)
    results = search(counting_probe, [0, 1, 2], settings)
    for result in results:
        alone = search(quadratic_probe(curvatures), [result.seed], settings)[0]
        assert result.divergent_lr == alone.divergent_lr and result.probes == alone.probes
        assert 2.0 / curvatures[result.seed] < result.divergent_lr
    assert len(rounds) == max(len(r.probes) for r in results), "one batched probe per round"
    assert len(rounds[0]) == 3


def test_json_lists_rates_by_seed():
    results = search(quadratic_probe(4.0), [2, 0], SearchSettings(min_lr=0.01, max_lr=10.0))
    out = results_to_dict(results)
    assert out["seeds"] == [2, 0] and out["divergent_lr"][0] == results[0].divergent_lr
    assert {"lr", "seed", "diverged", "final_loss", "diverged_at_update", "reason"} <= set(
        out["probes"][0]
    )


def test_bound_without_divergence_names_the_key_to_raise():
    with pytest.raises(SearchError, match="seed 0: .*raise config key lr_search.max_lr"):
        search(quadratic_probe(0.01), [0], SearchSettings(min_lr=0.01, max_lr=1.0))


def test_divergence_at_lower_bound_names_the_key_to_lower():
    with pytest.raises(SearchError, match="lower config key lr_search.min_lr"):
        search(quadratic_probe(1000.0), [0], SearchSettings(min_lr=0.01, max_lr=1.0))


def test_training_probe_of_a_seed_does_not_depend_on_the_batch():
    template = RunSettings("mlp", (16,), 4, 0.0, 0, max_passes=0.5, log_every_passes=0.125)
    probe = training_probe(template, synthetic_data())
    together = probe({0: 0.5, 1: 50.0, 2: 0.1})
    assert together[1].diverged and not together[2].diverged
    assert together[0] == probe({0: 0.5})[0]


def plateau_probe(rates):
    """A seed whose loss ends at 0.6 below lr 0.01, at 1.75 up to 0.05, and diverges above.

    The averaged-SGD ReLU network's search looked like this: the probe at 0.0146 ended at
    loss 1.75 against 0.62 at 0.0064, yet passed as stable (its start was 4.3).
    """
    results = {}
    for seed, lr in rates.items():
        diverged = lr > 0.05
        loss = None if diverged else 0.6 if lr < 0.01 else 1.75
        reason = "loss" if diverged else ""
        results[seed] = Probe(lr, seed, diverged, loss, 1 if diverged else None, 4.3, reason)
    return results


def test_a_probe_far_above_the_lower_rates_loss_counts_as_divergent():
    settings = SearchSettings(min_lr=1e-4, max_lr=10.0, rel_precision=0.05)
    (result,) = search(plateau_probe, [0], settings)
    assert 0.01 <= result.divergent_lr <= 0.01 * 1.05 and result.stable_lr < 0.01
    flagged = [p for p in result.probes if p.reason == "above lower rates"]
    assert flagged and all(p.diverged and p.final_loss == 1.75 for p in flagged)
    assert all(p.lr >= 0.01 for p in flagged)
    (lenient,) = search(plateau_probe, [0], SearchSettings(1e-4, 10.0, loss_ratio=None))
    assert 0.05 < lenient.divergent_lr <= 0.05 * 1.05 * 1.01


@pytest.mark.parametrize(
    ("final", "expected"),
    [(1.19, False), (1.21, True)],
    ids=["below-twice", "above-twice"],
)
def test_twice_the_lowest_lower_rate_loss_is_the_line(final, expected):
    earlier = [
        Probe(0.01, 0, False, 0.8, None, 2.3),
        Probe(0.02, 0, False, 0.6, None, 2.3),
        Probe(0.08, 0, True, None, 3, 2.3, "loss"),
    ]
    probe = Probe(0.04, 0, False, final, None, 2.3)
    judged = judge_against_lower_rates(probe, earlier, 2.0)
    assert judged.diverged == expected
    assert judged.reason == ("above lower rates" if expected else "")
    # Only stable probes at lower rates count; with none, the probe stays as it is.
    assert judge_against_lower_rates(probe, earlier[2:], 2.0) == probe
    assert judge_against_lower_rates(probe, earlier, None) == probe
