"""Batched evaluation: clean loss and accuracy, and test-time augmentation by majority vote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from sgdlab.engine.transforms import Augmentation, apply, draw_params


@dataclass(frozen=True)
class Scores:
    """Mean cross-entropy loss and accuracy over a set of images."""

    loss: float
    accuracy: float


@torch.inference_mode()
def clean_scores(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch_size: int) -> Scores:
    """Loss and accuracy of ``model`` on normalized images ``x``, in large batches."""
    loss_sum = torch.zeros((), dtype=torch.float64, device=x.device)
    correct = torch.zeros((), dtype=torch.int64, device=x.device)
    for start in range(0, x.shape[0], batch_size):
        logits = model(x[start : start + batch_size])
        target = y[start : start + batch_size]
        loss_sum += F.cross_entropy(logits.float(), target, reduction="sum").double()
        correct += (logits.argmax(dim=1) == target).sum()
    n = x.shape[0]
    return Scores(loss=float(loss_sum) / n, accuracy=int(correct) / n)


def majority_vote(
    predictions: torch.Tensor, probabilities: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Combine T views' predicted classes (T, N) into one class per image, counting votes.

    Ties between classes with the same number of votes go to the class with the larger mean
    predicted probability over the views (adding at most 0.5 to a whole vote count never
    overturns a strict majority); an exact tie of that too goes to the lowest class index,
    which ``argmax`` returns on every device. Returns the voted classes and a flag per image
    that is True when the top vote count was shared. ``torch.mode`` is not used: its ties
    differ between CPU and CUDA.
    """
    n_classes = probabilities.shape[-1]
    counts = F.one_hot(predictions, n_classes).sum(dim=0)
    score = counts.to(probabilities.dtype) + 0.5 * probabilities.mean(dim=0)
    top = counts.max(dim=1, keepdim=True).values
    tied = (counts == top).sum(dim=1) > 1
    return score.argmax(dim=1), tied


@dataclass(frozen=True)
class VoteScores:
    """Accuracy of the T-view majority vote and the fraction of images with a tied vote."""

    accuracy: float
    tie_rate: float


@torch.inference_mode()
def tta_scores(
    model: nn.Module,
    raw: torch.Tensor,
    y: torch.Tensor,
    normalize: Callable[[torch.Tensor], torch.Tensor],
    aug: Augmentation,
    views: int,
    generator: torch.Generator,
    batch_size: int,
) -> VoteScores:
    """Majority-vote accuracy over ``views`` augmented views of every raw [0, 1] image.

    All view parameters are drawn up front (view-major), so the result does not depend on
    ``batch_size``; each forward pass sees about ``batch_size`` augmented images.
    """
    n = raw.shape[0]
    params = draw_params(views * n, aug, generator).to(raw.device)
    chunk = max(1, batch_size // views)
    correct = torch.zeros((), dtype=torch.int64, device=raw.device)
    ties = torch.zeros((), dtype=torch.int64, device=raw.device)
    view_offsets = torch.arange(views, device=raw.device)[:, None] * n
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        m = stop - start
        images = raw[start:stop].repeat(views, 1, 1, 1)
        which = (view_offsets + torch.arange(start, stop, device=raw.device)).reshape(-1)
        logits = model(normalize(apply(images, params.select(which), aug))).float()
        predictions = logits.argmax(dim=1).view(views, m)
        probabilities = logits.softmax(dim=1).view(views, m, -1)
        voted, tied = majority_vote(predictions, probabilities)
        correct += (voted == y[start:stop]).sum()
        ties += tied.sum()
    return VoteScores(accuracy=int(correct) / n, tie_rate=int(ties) / n)
