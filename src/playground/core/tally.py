"""What a run has finished so far, as plain numbers: the difference of two tallies is what
finished between them, which is what batch means are made of (playground.fast).

Taken between slices of a run (`Simulation.so_far`), never on the hot path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from playground.core.kernel import OP_INDEX

if TYPE_CHECKING:
    from playground.core.simulation import Simulation


@dataclass(frozen=True)
class Tally:
    t: float
    outcomes: tuple[int, ...]
    """Finished requests by outcome (ok, timeout, rejected, error)."""
    degraded: int
    """Of the ok ones, answered degraded."""
    latency: dict[str, tuple[list[int], float]]
    """Per operation in the mix: the ok latencies' histogram bins and their sum, seconds."""
    anomalies: dict[str, int]

    @classmethod
    def of(cls, sim: Simulation) -> Tally:
        client = sim.client
        ops = [op for op, w in sim.challenge.traffic.mix.items() if w > 0]
        latency: dict[str, tuple[list[int], float]] = {op: (list(client.by_op[OP_INDEX[op]].counts), client.by_op[OP_INDEX[op]].total) for op in ops}
        degraded = sum(sim.degraded.by_op) if sim.degraded is not None else 0
        return cls(sim.now, tuple(client.counts), degraded, latency,
                   {a: sum(c) for a, c in sim.ledger.counts.items()})

    def since(self, before: Tally) -> Tally:
        """What finished after `before`."""
        return Tally(
            self.t,
            tuple(a - b for a, b in zip(self.outcomes, before.outcomes, strict=True)),
            self.degraded - before.degraded,
            {op: ([a - b for a, b in zip(h, before.latency[op][0], strict=True)], s - before.latency[op][1])
             for op, (h, s) in self.latency.items()},
            {a: n - before.anomalies[a] for a, n in self.anomalies.items()},
        )
