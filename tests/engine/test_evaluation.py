import torch

from sgdlab.engine.evaluation import clean_scores, majority_vote, tta_scores
from sgdlab.engine.models import build_model
from sgdlab.engine.transforms import Augmentation
from tests.conftest import synthetic_data


def _probs(n_views, n, favoured=None):
    probs = torch.full((n_views, n, 10), 0.1)
    if favoured is not None:
        probs[:, :, favoured] = 0.5
    return probs


def test_majority_vote_counts_votes():
    predictions = torch.tensor([[3, 1], [3, 2], [5, 2], [3, 2]])
    voted, tied = majority_vote(predictions, _probs(4, 2))
    assert voted.tolist() == [3, 2] and tied.tolist() == [False, False]


def test_ties_go_to_higher_mean_probability_then_lowest_class():
    predictions = torch.tensor([[7], [2], [7], [2]])
    voted, tied = majority_vote(predictions, _probs(4, 1, favoured=7))
    assert voted.tolist() == [7] and tied.tolist() == [True]
    voted, _ = majority_vote(predictions, _probs(4, 1))
    assert voted.tolist() == [2]


def test_probability_never_overturns_a_strict_majority():
    predictions = torch.tensor([[1], [1], [4]])
    probs = torch.zeros(3, 1, 10)
    probs[:, :, 4] = 1.0
    voted, tied = majority_vote(predictions, probs)
    assert voted.tolist() == [1] and not tied.item()


def test_tta_with_identity_views_equals_clean_accuracy():
    data = synthetic_data()
    model = build_model("cnn", (), 0)
    clean = clean_scores(model, data.test_x, data.test_y, 64)
    votes = tta_scores(
        model,
        data.test_raw,
        data.test_y,
        data.normalize,
        Augmentation(0, 0.0),
        4,
        torch.Generator().manual_seed(0),
        64,
    )
    assert votes.accuracy == clean.accuracy and votes.tie_rate == 0.0


def test_tta_does_not_depend_on_evaluation_batch_size():
    data = synthetic_data()
    model = build_model("cnn", (), 0)
    aug = Augmentation(2, 10.0)
    results = {
        size: tta_scores(
            model,
            data.test_raw,
            data.test_y,
            data.normalize,
            aug,
            8,
            torch.Generator().manual_seed(5),
            size,
        )
        for size in (8, 96, 4096)
    }
    assert len(set(results.values())) == 1


def test_clean_scores_match_a_direct_computation():
    data = synthetic_data()
    model = build_model("mlp", (16,), 0)
    scores = clean_scores(model, data.test_x, data.test_y, 50)
    with torch.no_grad():
        logits = model(data.test_x)
    assert abs(scores.loss - torch.nn.functional.cross_entropy(logits, data.test_y).item()) < 1e-5
    assert scores.accuracy == (logits.argmax(1) == data.test_y).float().mean().item()
