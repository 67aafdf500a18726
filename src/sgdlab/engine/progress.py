"""Progress of a training job in its log: a line at most every ten seconds, with tqdm's ETA.

A job's log is a file, not a terminal: tqdm's carriage-return redraws would pile up in one
line, so each redraw becomes a line of its own. ``tail -f`` on a job's log then shows how
far it is (updates and passes of the budget), how its replicates are doing (how many still
train, their training accuracy) and tqdm's elapsed and remaining time.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from tqdm import tqdm

from sgdlab.engine.replicas import Replica

INTERVAL_S = 10.0


class _Lines:
    """A file for tqdm that writes every redraw as a line of its own."""

    def __init__(self, target: TextIO) -> None:
        self.target = target

    def write(self, text: str) -> None:
        """Write each non-empty piece between carriage returns and newlines as one line."""
        for line in text.replace("\r", "\n").split("\n"):
            if line.strip():
                self.target.write(line.rstrip() + "\n")

    def flush(self) -> None:
        """Flush the log."""
        self.target.flush()


class Progress:
    """Updates done of the batch's longest budget, with the replicates' state as postfix."""

    def __init__(self, total: int, start: int, per_pass: float, label: str) -> None:
        """A bar over ``total`` updates from ``start``; ``per_pass`` updates make one pass."""
        self.per_pass = per_pass
        self.bar = tqdm(
            total=total,
            initial=start,
            desc=label,
            unit="update",
            file=_Lines(sys.stdout),
            mininterval=INTERVAL_S,
            ascii=True,
            ncols=120,
        )

    def update(self, updates: int, replicas: Sequence[Replica]) -> None:
        """Advance to ``updates``; the postfix says passes, replicates training and accuracy."""
        accuracies = [r.result.rows[-1]["train_accuracy"] for r in replicas if r.result.rows]
        active = sum(replica.active for replica in replicas)
        postfix = f"pass {updates / self.per_pass:.1f}, {active}/{len(replicas)} training"
        if accuracies:
            postfix += f", train acc {min(accuracies):.3f}-{max(accuracies):.3f}"
        self.bar.set_postfix_str(postfix, refresh=False)
        self.bar.update(updates - self.bar.n)

    def close(self) -> None:
        """Write the final line."""
        self.bar.close()
