"""The search on a quadratic, whose gradient step diverges exactly above lr = 2 / a."""

import math

import pytest

from sgdlab.engine.lr_search import Probe, SearchError, SearchSettings, search


def quadratic_probe(curvature: float, steps: int = 2000):
    """Gradient descent on f(w) = a w^2 / 2 from w0 = 1 + seed: |1 - lr a|^k growth."""

    def probe(lr, seeds):
        results = []
        for seed in seeds:
            w0 = 1.0 + seed
            w = w0
            diverged_at = None
            for k in range(1, steps + 1):
                w -= lr * curvature * w
                if abs(w) > 10 * abs(w0):
                    diverged_at = k
                    break
            loss = 0.5 * curvature * w * w
            results.append(Probe(lr, seed, diverged_at is not None, loss, diverged_at))
        return results

    return probe


@pytest.mark.parametrize("curvature", [3.0, 17.0, 250.0])
def test_finds_the_known_threshold_within_precision(curvature):
    threshold = 2.0 / curvature
    settings = SearchSettings(min_lr=1e-4, max_lr=10.0, rel_precision=0.05)
    result = search(quadratic_probe(curvature), [0, 1], settings)
    assert result.stable_lr <= threshold * (1 + 1e-9)
    assert threshold < result.divergent_lr <= threshold * 1.05 * 1.01
    assert result.divergent_lr / result.stable_lr <= 1.05
    grid = [p.lr for p in result.probes if p.seed == 0]
    assert grid[:3] == pytest.approx([1e-4, 2e-4, 4e-4])
    assert all(
        p.diverged == (p.lr > threshold * 1.004)
        for p in result.probes
        if abs(math.log(p.lr / threshold)) > 0.01
    )


def test_training_rate_is_lr_factor_times_divergent_rate():
    result = search(quadratic_probe(4.0), [0], SearchSettings(min_lr=0.01, max_lr=10.0))
    out = result.to_dict(lr_factor=0.5)
    assert out["train_lr"] == pytest.approx(0.5 * out["divergent_lr"])
    assert {"lr", "seed", "diverged", "final_loss", "diverged_at_update"} <= set(out["probes"][0])


def test_bound_without_divergence_names_the_key_to_raise():
    with pytest.raises(SearchError, match="raise config key lr_search.max_lr"):
        search(quadratic_probe(0.01), [0], SearchSettings(min_lr=0.01, max_lr=1.0))


def test_divergence_at_lower_bound_names_the_key_to_lower():
    with pytest.raises(SearchError, match="lower config key lr_search.min_lr"):
        search(quadratic_probe(1000.0), [0], SearchSettings(min_lr=0.01, max_lr=1.0))


def test_rule_any_versus_all():
    def split_probe(lr, seeds):
        return [
            Probe(
                lr,
                s,
                diverged=lr > (0.5 if s == 0 else 1.0),
                final_loss=0.0,
                diverged_at_update=None,
            )
            for s in seeds
        ]

    settings_any = SearchSettings(min_lr=0.01, max_lr=10.0, rule="any")
    settings_all = SearchSettings(min_lr=0.01, max_lr=10.0, rule="all")
    assert 0.5 < search(split_probe, [0, 1], settings_any).divergent_lr <= 0.5 * 1.05
    assert 1.0 < search(split_probe, [0, 1], settings_all).divergent_lr <= 1.05
