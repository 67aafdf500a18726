"""Which training examples each minibatch holds, drawn from one seeded stream per replicate."""

from __future__ import annotations

import torch


class BatchSampler:
    """Minibatch indices from one seeded stream.

    ``shuffle`` concatenates fresh permutations of the n examples and cuts them into
    batches, so every example is seen once per effective pass (batches may straddle two
    passes when B does not divide n); ``with_replacement`` draws every index uniformly, as
    the midterm's loop does.
    """

    def __init__(self, n: int, batch_size: int, sampling: str, generator: torch.Generator) -> None:
        """Sample from ``n`` examples by ``sampling``, drawing from ``generator`` only."""
        self.n, self.batch_size, self.sampling = n, batch_size, sampling
        self.generator = generator
        self.pending = torch.empty(0, dtype=torch.int64)

    def next_block(self, updates: int) -> torch.Tensor:
        """Indices of the next ``updates`` minibatches, shape (updates, B), on the CPU."""
        need = updates * self.batch_size
        if self.sampling == "with_replacement":
            return torch.randint(self.n, (updates, self.batch_size), generator=self.generator)
        chunks, have = [self.pending], self.pending.numel()
        while have < need:
            chunks.append(torch.randperm(self.n, generator=self.generator))
            have += self.n
        stream = torch.cat(chunks)
        self.pending = stream[need:].clone()
        return stream[:need].view(updates, self.batch_size)

    def state(self) -> dict[str, torch.Tensor]:
        """Generator state and the not yet used rest of the current permutation."""
        return {"generator": self.generator.get_state(), "pending": self.pending}

    def load_state(self, state: dict[str, torch.Tensor]) -> None:
        """Continue exactly where ``state`` was taken."""
        self.generator.set_state(state["generator"])
        self.pending = state["pending"]
