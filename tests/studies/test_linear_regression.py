"""Linear regression study (001 §2): momentum, convergence, split, early stopping, safe loading."""

import pickle
import re

import numpy as np
import pandas as pd
import pytest
import torch
import yaml
from sklearn.model_selection import train_test_split

from sgdlab.studies.linear_regression import FIGURES
from sgdlab.studies.linear_regression.candidates import behaviour, candidates_table
from sgdlab.studies.linear_regression.data import (
    GeneratedDataSettings,
    generate,
    load_pair,
    save_tensor,
    write_generated,
)
from sgdlab.studies.linear_regression.experiments import (
    momentum_runs,
    momentum_values,
    split_run,
    whole_set_run,
)
from sgdlab.studies.linear_regression.figures import PLOTS
from sgdlab.studies.linear_regression.tables import answers, answers_markdown
from sgdlab.studies.linear_regression.training import SGDSettings, least_squares, split, train
from tests.conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "config.yaml").read_text())
DATA = GeneratedDataSettings(
    n=200, slope=2.0, bias=1.0, noise_std=0.5, x_low=0.0, x_high=3.0, seed=3
)


def _data(settings=DATA):
    x, y = generate(settings)
    return x.double(), y.double()


def _reference_sgd(x, y, sgd):
    """The same run with torch.optim.SGD(momentum=mu, dampening=0) and loss.backward()."""
    generator = torch.Generator().manual_seed(sgd.seed)
    params = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([params], lr=sgd.lr, momentum=sgd.momentum, dampening=0)
    trajectory = []
    for _ in range(sgd.epochs):
        for batch in torch.randperm(x.shape[0], generator=generator).split(sgd.batch_size):
            optimizer.zero_grad()
            torch.mean((params[0] * x[batch] + params[1] - y[batch]) ** 2).backward()
            optimizer.step()
            trajectory.append(params.detach().clone())
    return torch.stack(trajectory)


@pytest.mark.parametrize("mu", [0.0, 0.5, 0.9, 1.0])
def test_momentum_update_equals_torch_sgd(mu):
    x, y = _data()
    sgd = SGDSettings(batch_size=32, lr=1e-3, epochs=5, momentum=mu, seed=1)
    ours = torch.tensor(train(x, y, sgd, {}).update_params, dtype=torch.float64)
    reference = _reference_sgd(x, y, sgd)
    assert ours.shape == reference.shape == (5 * 7, 2)  # ceil(200 / 32) = 7 batches
    torch.testing.assert_close(ours, reference, rtol=1e-12, atol=1e-14)


def test_momentum_changes_the_trajectory():
    x, y = _data()
    runs = [train(x, y, SGDSettings(32, 1e-3, 2, mu, 0), {}).update_params for mu in (0.0, 0.9)]
    assert runs[0][0] == runs[1][0]  # b_0 = g_0: the first step is plain SGD
    assert runs[0][-1] != runs[1][-1]


def test_least_squares_equals_numpy_polyfit():
    x, y = _data()
    slope, bias = np.polyfit(x.numpy().ravel(), y.numpy().ravel(), deg=1)
    assert least_squares(x, y) == pytest.approx((slope, bias), rel=1e-10)


def test_sgd_converges_to_least_squares():
    # 2.1's batch and rate on noise-free data: SGD reaches the line itself. The MSE's
    # Hessian is 2 diag(E x², 1) = diag(8/3, 2), so each step shrinks the error by at least
    # 1 - 0.01 * 2: 40 epochs of 16 updates leave 0.98^640 ≈ 2e-6 of it.
    exact = GeneratedDataSettings(
        n=500, slope=-1.5, bias=0.7, noise_std=0.0, x_low=-2.0, x_high=2.0, seed=0
    )
    x, y = _data(exact)
    whole = whole_set_run(x, y, SGDSettings(batch_size=32, lr=0.01, epochs=40, momentum=0, seed=0))
    assert (whole["slope"].iloc[-1], whole["bias"].iloc[-1]) == pytest.approx((-1.5, 0.7), abs=1e-4)
    # With noise, SGD hovers near the least-squares solution (np.polyfit).
    x, y = _data(DATA)
    whole = whole_set_run(x, y, SGDSettings(batch_size=32, lr=0.01, epochs=60, momentum=0, seed=0))
    slope, bias = np.polyfit(x.numpy().ravel(), y.numpy().ravel(), deg=1)
    assert whole["slope"].iloc[-1] == pytest.approx(slope, abs=0.05)
    assert whole["bias"].iloc[-1] == pytest.approx(bias, abs=0.1)
    assert whole["update"].tolist() == list(range(1, 60 * 7 + 1))


def test_split_is_80_10_10_disjoint_and_sklearns():
    x, y = _data(GeneratedDataSettings(1000, 1.0, 0.0, 1.0, 0.0, 1.0, 0))
    x = x + torch.arange(1000, dtype=torch.float64).reshape(-1, 1)  # rows identify samples
    sets = split(x, y, random_state=42)
    assert [len(sets[k][0]) for k in ("train", "validation", "test")] == [800, 100, 100]
    ids = {k: set(torch.floor(v[0]).long().ravel().tolist()) for k, v in sets.items()}
    assert ids["train"].isdisjoint(ids["validation"]) and ids["train"].isdisjoint(ids["test"])
    assert ids["validation"].isdisjoint(ids["test"])
    assert ids["train"] | ids["validation"] | ids["test"] == set(range(1000))
    # The document's way: train_test_split on the arrays, twice, random_state=42.
    x_train, x_rest, y_train, y_rest = train_test_split(x, y, test_size=0.2, random_state=42)
    x_val, x_test, y_val, y_test = train_test_split(x_rest, y_rest, test_size=0.5, random_state=42)
    for name, (xs, ys) in (
        ("train", (x_train, y_train)),
        ("validation", (x_val, y_val)),
        ("test", (x_test, y_test)),
    ):
        assert torch.equal(sets[name][0], xs) and torch.equal(sets[name][1], ys)


def _small_runs():
    x, y = _data()
    whole = whole_set_run(x, y, SGDSettings(32, 0.01, 2, 0.0, 0))
    epochs = split_run(x, y, SGDSettings(32, 0.01, 6, 0.0, 0), random_state=42)
    momentum = momentum_runs(x, y, SGDSettings(32, 1e-3, 2, 0.0, 0), [0.0, 1.0], 42)
    return x, y, whole, epochs, momentum


def test_split_run_records_params_and_whole_set_mses():
    x, y, _, epochs, _ = _small_runs()
    sets = split(x, y, 42)
    for row in epochs.itertuples():
        for name in ("train", "validation", "test"):
            xs, ys = (t.numpy().ravel() for t in sets[name])
            expected = np.mean((row.slope * xs + row.bias - ys) ** 2)
            assert getattr(row, f"{name}_mse") == pytest.approx(expected, rel=1e-12)


def test_early_stopping_picks_the_argmin_of_validation():
    x, y, whole, epochs, momentum = _small_runs()
    # A validation curve with its minimum in the middle, and distinct test MSEs.
    epochs = epochs.assign(
        validation_mse=[5.0, 3.0, 1.0, 0.5, 2.0, 4.0], test_mse=[6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    )
    table = answers(x, y, whole, epochs, momentum, [0.0, 1.0], 42).set_index("key")
    assert table.loc["validation_min_index", "value"] == 3
    assert table.loc["validation_min_epoch", "value"] == 4
    assert table.loc["test_mse_best_validation", "value"] == 3.0
    assert table.loc["test_mse_best_validation", "quantity"].endswith("(4)")
    assert table.loc["test_mse_final", "value"] == 1.0
    assert table.loc["slope", "answer"] == f"{whole['slope'].iloc[-1]:.3f}"
    assert {"momentum_0", "momentum_1"} <= set(table.index)


def test_answer_keys_are_the_ones_the_answer_book_reads():
    table = answers(*_small_runs(), [0.0, 1.0], 42)
    assert table.columns[0] == "key" and table["key"].is_unique
    registry = (ROOT / "workflow/questions.yaml").read_text()
    wanted = set(re.findall(r'row\("linear_regression\.csv", key="([^"]+)"\)', registry))
    assert wanted and wanted <= set(table["key"])


# --- loading the user's X.pt and y.pt ---------------------------------------------------------


class _CreatesMarker:
    """Unpickling this object calls open(marker, "w"): it creates a file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _write_pair(directory, x, y):
    directory.mkdir(exist_ok=True)
    save_tensor(x, directory / "X.pt")
    save_tensor(y, directory / "y.pt")
    return directory


def test_loads_good_files_as_float64_columns(tmp_path):
    x, y = torch.arange(20.0), torch.arange(20.0).reshape(-1, 1) * 2
    loaded = load_pair(_write_pair(tmp_path / "d", x, y))
    assert [t.shape for t in loaded] == [(20, 1), (20, 1)]
    assert all(t.dtype == torch.float64 for t in loaded)
    assert torch.equal(loaded[1].ravel(), 2 * x.double())


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (torch.zeros(20, 2), "shape (20, 2)"),
        (torch.zeros(4, 5, 1), "shape (4, 5, 1)"),
        ({"X": torch.zeros(20)}, "holds a dict, not a tensor"),
        ([1.0] * 20, "holds a list, not a tensor"),
        (torch.full((20,), float("nan")), "NaN"),
        (torch.zeros(19), "19"),
        (torch.zeros(20, dtype=torch.complex64), "not real"),
    ],
)
def test_rejects_bad_x_naming_the_file(tmp_path, bad, message):
    directory = _write_pair(tmp_path / "d", torch.zeros(20), torch.zeros(20))
    torch.save(bad, directory / "X.pt")
    with pytest.raises((ValueError, TypeError)) as err:
        load_pair(directory)
    assert str(directory / "X.pt") in str(err.value) and message in str(err.value)


def test_rejects_truncated_and_missing_files(tmp_path):
    directory = _write_pair(tmp_path / "d", torch.zeros(20), torch.zeros(20))
    data = (directory / "y.pt").read_bytes()
    (directory / "y.pt").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated or corrupted") as err:
        load_pair(directory)
    assert str(directory / "y.pt") in str(err.value)
    (directory / "y.pt").unlink()
    with pytest.raises(FileNotFoundError, match="y.pt: no such file"):
        load_pair(directory)


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("writer", ["torch.save", "pickle.dump"])
def test_malicious_pickle_is_refused_without_running_its_code(tmp_path, writer):
    directory = _write_pair(tmp_path / "d", torch.zeros(20), torch.zeros(20))
    marker = tmp_path / "pwned"
    payload = _CreatesMarker(marker)
    with open(directory / "X.pt", "wb") as file:
        torch.save(payload, file) if writer == "torch.save" else pickle.dump(payload, file)
    with pytest.raises(ValueError, match="refused to load") as err:
        load_pair(directory)
    assert str(directory / "X.pt") in str(err.value)
    assert not marker.exists()
    # The payload is real: an unrestricted load does create the marker.
    if writer == "pickle.dump":
        with open(directory / "X.pt", "rb") as file:
            pickle.load(file).close()  # noqa: S301 (the point of the test)
        assert marker.exists()


def test_generated_files_are_reproducible_and_follow_the_spec(tmp_path):
    for run in ("a", "b"):
        write_generated(DATA, tmp_path / run)
    for name in ("X.pt", "y.pt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    x, y = load_pair(tmp_path / "a")
    assert x.shape == y.shape == (DATA.n, 1)
    assert DATA.x_low <= float(x.min()) and float(x.max()) <= DATA.x_high
    residual = y - (DATA.slope * x + DATA.bias)
    assert float(residual.std()) == pytest.approx(DATA.noise_std, rel=0.15)
    with pytest.raises(ValueError, match="x_high > x_low"):
        generate(GeneratedDataSettings(20, 1.0, 0.0, 1.0, 1.0, 1.0, 0))


def test_answers_table_has_no_missing_values():
    table = answers(*_small_runs(), [0.0, 1.0], 42)
    assert not table[["question", "quantity", "value", "answer"]].isna().any().any()
    assert isinstance(table, pd.DataFrame)


def test_answers_markdown_has_one_row_per_answer_and_every_figure_a_plot():
    table = answers(*_small_runs(), [0.0, 1.0], 42)
    lines = answers_markdown(table).splitlines()
    assert lines[:2] == [
        "| key | question | quantity | answer | reference | note |",
        "|---|---|---|---:|---|---|",
    ]
    assert len(lines) == 2 + len(table)
    assert set(PLOTS) == set(FIGURES)


# --- 2.5: the candidate lists of momentum values ---------------------------------------------

CANDIDATES = CONFIG["linear_regression"]["momentum"]["candidates"]


def test_every_candidate_mu_is_trained_once_config_values_first():
    values = momentum_values([0.0, 0.5, 0.9, 1.0], CANDIDATES)
    assert values[:4] == [0.0, 0.5, 0.9, 1.0] and len(values) == len(set(values)) == 13
    assert set(values) == {float(mu) for c in CANDIDATES for mu in c}


def test_an_overflowing_run_stops_at_the_epoch_it_overflows():
    x, y = _data()
    runs = momentum_runs(x, y, SGDSettings(32, 1e-3, 200, 0.0, 0), [0.0, 3.0], 42)
    steady, exploding = (runs[runs["momentum"] == mu] for mu in (0.0, 3.0))
    assert len(steady) == 200 and np.isfinite(steady["train_mse"]).all()
    assert len(exploding) < 200 and not np.isfinite(exploding["train_mse"].iloc[-1])
    assert np.isfinite(exploding["train_mse"].iloc[:-1]).all()


@pytest.mark.parametrize(
    ("mse", "kind"),
    [
        ([10.0, 2.0, 1.1, 1.0, 1.0, 1.0], "settles"),
        ([10.0, 1.0, 30.0, 1.0, 40.0, 2.0], "never settles"),
        ([10.0, 1.0, 5.0, 50.0, 500.0, 5000.0], "diverges"),
        ([1e10, 1e30, float("inf"), float("nan")], "diverges"),
    ],
)
def test_behaviour_of_hand_made_curves(mse, kind):
    assert behaviour(0.5, mse).kind == kind


def _spectral_radius(mu, lr, hessian_eigenvalue):
    """Full-batch momentum on one eigen-direction: (e, b) -> ((1 - γλ) e - γμ b, λ e + μ b)."""
    step = np.array([[1 - lr * hessian_eigenvalue, -lr * mu], [hessian_eigenvalue, mu]])
    return max(abs(np.linalg.eigvals(step)))


def test_measured_behaviour_follows_the_momentum_iterations_spectral_radius():
    # Independent derivation: on the quadratic MSE, full-batch momentum is linear with the
    # 2x2 matrix above per Hessian eigenvalue; radius > 1 diverges, = 1 never settles (μ = 1:
    # determinant 1, complex roots), < 1 settles. SGD runs must show the same three regimes.
    settings = CONFIG["linear_regression"]["generate"]
    x, y = _data(GeneratedDataSettings(**settings))
    train_x = split(x, y, 42)["train"][0].numpy().ravel()
    hessian = 2 * np.array([[np.mean(train_x**2), np.mean(train_x)], [np.mean(train_x), 1.0]])
    mus = momentum_values([], CANDIDATES)
    runs = momentum_runs(x, y, SGDSettings(32, 1e-3, 50, 0.0, 0), mus, 42)
    for mu in mus:
        radius = max(_spectral_radius(mu, 1e-3, lam) for lam in np.linalg.eigvalsh(hessian))
        expected = (
            "diverges" if radius > 1 + 1e-9 else "never settles" if radius > 1 - 1e-9 else "settles"
        )
        assert behaviour(mu, runs[runs["momentum"] == mu]["train_mse"]).kind == expected, mu
    table = candidates_table(runs, CANDIDATES, [0.0, 0.5, 0.9, 1.0])
    assert table["consistent"].tolist() == [
        all(abs(mu) < 1 or mu == 1 for mu in c) for c in CANDIDATES
    ]
    assert table["in_momentum_figure"].tolist() == [False, True, False, False, False, False]
    assert table["candidate"].tolist()[1] == "0.0, 0.5, 0.9, 1.0"
    assert table["candidate"].tolist()[5] == "-1, 0, 1, 2"
