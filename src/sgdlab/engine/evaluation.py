"""Batched evaluation: clean loss and accuracy, test-time augmentation by majority vote.

``compiled_evaluator`` gives the forward that evaluation runs (compiled for convolutional
nets); ``clean_scores`` and ``tta_scores`` measure a model on a split.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from sgdlab.engine.models import MLP
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


def compiled_evaluator(model: nn.Module) -> nn.Module:
    """The model's forward compiled by ``torch.compile`` for evaluation (convolutional nets).

    Evaluating 6,000 training and 90,000 test images and views is most of the augmentation
    study's time; compiled, the CNN's inference forward ran 3x faster on one CPU thread
    (the test-time vote with its augmentation 1.3x) with the same logits, while compiled
    training steps were slower, so only evaluation is compiled. It shares the model's
    parameters. MLPs are returned as they are (their evaluation is cheap). Each batch shape
    compiles once: the cache limit is raised so that five replicates' shapes do not exceed
    it and fall back to eager. On a CPU without a C++ compiler (inductor needs one) the
    model is returned uncompiled.
    """
    if isinstance(model, MLP) or not _has_cpp_compiler(model):
        return model
    torch._dynamo.config.cache_size_limit = max(torch._dynamo.config.cache_size_limit, 64)
    return torch.compile(model, dynamic=False)


def _has_cpp_compiler(model: nn.Module) -> bool:
    """Whether inductor can compile for the model's device (CUDA needs no host compiler)."""
    if next(model.parameters()).is_cuda:
        return True
    candidates = [os.environ.get("CXX", ""), "g++", "c++", "clang++"]
    return any(shutil.which(name) for name in candidates if name)
