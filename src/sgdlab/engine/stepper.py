"""The hot loop: the optimizer updates of every active replicate between two log points."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from sgdlab.engine import analytic_mlp
from sgdlab.engine.device_data import DeviceData
from sgdlab.engine.models import MLP
from sgdlab.engine.replicas import Replica
from sgdlab.engine.transforms import apply, draw_params


class Stepper:
    """The hot loop: optimizer updates of every active replicate for one block of steps.

    Indices and, with training augmentation, every image's crop and angle are drawn on the
    CPU per replicate for the whole block and moved to the device once. Clean plain-SGD
    training of ReLU MLPs takes the stacked analytic step of ``analytic_mlp``: one batched
    update for all replicates. Other models loop over the replicates inside each step
    (measured in bench/: batching the CNN's convolutions gains nothing on a CPU). With a
    weight average, it is updated after every step.
    """

    def __init__(self, replicas: list[Replica], data: DeviceData) -> None:
        """Stack the replicates' MLPs when the analytic step applies to them."""
        self.replicas, self.data = replicas, data
        settings = replicas[0].settings
        clean_mlp = (
            isinstance(replicas[0].model, MLP)
            and settings.hidden_activation == "relu"
            and settings.train_aug is None
            and settings.optimizer.name == "sgd"
        )
        self.stacked = analytic_mlp.stack([r.model for r in replicas]) if clean_mlp else None
        device = data.train_x.device
        self.lrs = torch.tensor([r.settings.lr for r in replicas], device=device).view(-1, 1, 1)

    def run(self, blocks: list[torch.Tensor | None]) -> None:
        """One update per row of each replicate's block (steps, B); None for a stopped one."""
        if self.stacked is not None:
            self._run_stacked(blocks)
        else:
            for replica, block in zip(self.replicas, blocks, strict=True):
                if block is not None:
                    self._run_one(replica, block)
        for replica in self.replicas:
            replica.restore()

    def _run_stacked(self, blocks: list[torch.Tensor | None]) -> None:
        """Every replicate's steps at once with the stacked analytic SGD step."""
        data = self.data
        shape = next(block.shape for block in blocks if block is not None)
        filler = torch.zeros(shape, dtype=torch.int64)
        indices = torch.stack([filler if b is None else b for b in blocks], dim=1)
        averages = [r.average for r in self.replicas if r.active and r.average is not None]
        for index in indices.to(data.train_x.device):
            analytic_mlp.sgd_step(self.stacked, data.train_x[index], data.train_y[index], self.lrs)
            for average in averages:
                average.update()

    def _run_one(self, replica: Replica, block: torch.Tensor) -> None:
        """One replicate's steps with autograd and its optimizer, augmenting when it should."""
        data, settings, device = self.data, replica.settings, self.data.train_x.device
        block = block.to(device)
        params = None
        if settings.train_aug is not None:
            params = draw_params(block.numel(), settings.train_aug, replica.aug_generator)
            params = params.to(device)
        for i, index in enumerate(block):
            if params is None:
                x = data.train_x[index]
            else:
                window = slice(i * settings.batch_size, (i + 1) * settings.batch_size)
                x = data.normalize(
                    apply(data.train_raw[index], params.select(window), settings.train_aug)
                )
            loss = F.cross_entropy(replica.model(x), data.train_y[index])
            replica.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            replica.optimizer.step()
            if replica.average is not None:
                replica.average.update()
