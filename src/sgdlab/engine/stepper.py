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
    update for all active replicates. Other models loop over the replicates inside each step
    (measured in bench/: batching the CNN's convolutions gains nothing on a CPU). With a
    weight average, it is updated after every step.
    """

    def __init__(self, replicas: list[Replica], data: DeviceData) -> None:
        """Stack the replicates' MLPs when the analytic step applies to them."""
        self.replicas, self.data = replicas, data
        settings = replicas[0].settings
        self.clean_mlp = (
            isinstance(replicas[0].model, MLP)
            and settings.hidden_activation == "relu"
            and settings.train_aug is None
            and settings.optimizer.name == "sgd"
        )
        # The stacked replicates (stacked at the first step, restacked when one stops).
        self.members: tuple[int, ...] = ()
        self.stacked: analytic_mlp.Stack = []
        self.lrs = torch.empty(0)

    def _stack(self, members: tuple[int, ...]) -> None:
        """Stack the MLPs of the replicates ``members`` (the active ones) and their rates.

        A stopped replicate leaves the stack, so that a group that trains on alone costs
        what it would alone (a stack of 15 MLP(64) steps 2.4-3.2 times slower than one of
        5). With one thread replicate r's step does not depend on what else is stacked;
        with several, a stack of one may round its sums differently from a larger one.
        """
        models = [self.replicas[i].model for i in members]
        self.stacked = analytic_mlp.stack(models)
        rates = [self.replicas[i].settings.lr for i in members]
        self.lrs = torch.tensor(rates, device=self.data.train_x.device).view(-1, 1, 1)
        self.members = members

    def run(self, blocks: list[torch.Tensor | None]) -> None:
        """One update per row of each replicate's block (steps, B); None for a stopped one."""
        if self.clean_mlp:
            self._run_stacked(blocks)
        else:
            for replica, block in zip(self.replicas, blocks, strict=True):
                if block is not None:
                    self._run_one(replica, block)
        for replica in self.replicas:
            replica.restore()

    def _run_stacked(self, blocks: list[torch.Tensor | None]) -> None:
        """Every active replicate's steps at once with the stacked analytic SGD step."""
        data = self.data
        members = tuple(i for i, block in enumerate(blocks) if block is not None)
        if members != self.members:
            self._stack(members)
        indices = torch.stack([blocks[i] for i in members], dim=1)
        averages = [self.replicas[i].average for i in members]
        averages = [average for average in averages if average is not None]
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
