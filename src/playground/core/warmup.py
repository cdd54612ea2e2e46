"""A warm-up: the first seconds of a run left out of its measurements.

A system starts cold (empty caches, empty queues) and is measured once warm. A request counts
when it began at or after the warm-up's end, whenever it ends (so every request counted is ok,
failed or in flight, as without a warm-up); a component's figures are taken over the time after
it (snapshots of its cumulative totals at that moment, subtracted at the end, and the counts of
its own that a kind restarts then: `Node.restart_counts`); anomalies count in requests that
began after it. The per-second series still cover the whole run, warm-up included.

The client that discards is chosen once, when the run is built (`WarmedClient`), so a run
without a warm-up runs the same code as before there was one.
"""

from __future__ import annotations

from math import floor, log2
from typing import TYPE_CHECKING, Any

from playground.core.client import COARSE, Client
from playground.core.kernel import SINK, Node

if TYPE_CHECKING:
    from playground.core.kernel import Kernel


class WarmedClient(Client):
    """A client that sets aside the requests begun before `warm`: their ends are heard (the
    ledger judges them, closed-loop users think again) and feed the per-second series, but not
    the histograms and counts the results are made of."""

    __slots__ = ("before", "discarded", "measuring", "retried_before", "warm")

    def __init__(self, *args: Any, warmup_s: float, **kw: Any):
        super().__init__(*args, **kw)
        self.warm = warmup_s
        self.before = 0  # requests begun before the warm-up ended, known once it has
        self.retried_before = 0  # their retries, whenever they were made
        self.discarded = [0, 0, 0, 0]  # their ends, by outcome
        self.measuring = False

    def first(self) -> None:
        super().first()
        self._answer = self.answer  # every end through finish(), which sets the warm-up's aside

    def warmed(self, t: float) -> None:
        """The warm-up ends at t: what has begun so far is not counted."""
        self.before = self.started
        self.measuring = True

    def send(self, t: float, req: list) -> None:
        if req[5] < self.warm:
            self.retried_before += 1
        super().send(t, req)

    def finish(self, t: float, req: list, outcome: int) -> None:
        if req[5] >= self.warm:
            super().finish(t, req, outcome)
            return
        if self.finished_hook is not None:
            self.finished_hook(t, req, outcome)
        self.discarded[outcome] += 1
        if not outcome:  # its second's latency percentiles, binned as record_ok bins
            self.second[COARSE[floor(log2((t - req[5]) * 1e6 + 1.0) * 64.0)]] += 1
        req[9] = SINK

    def measured(self) -> tuple[int, int]:
        if not self.measuring:
            return 0, 0
        begun = self.started - self.before
        return begun, begun + self.retried - self.retried_before

    def measured_from(self) -> int:
        return self.before

    def level(self) -> tuple[int, int, int]:
        begun, ok, failed = super().level()
        d = self.discarded
        return begun, ok + d[0], failed + d[1] + d[2] + d[3]


class Window:
    """What the run had done when the warm-up ended: the starting line of every measurement
    taken over time (totals and counters of each node, subtracted at the end)."""

    def __init__(self, kernel: Kernel, warmup_s: float, nodes: list[Node], client: Client, ledger: Any):
        self.at = warmup_s
        self.nodes = nodes
        self.client = client
        self.opened = False
        self.totals: list[tuple[float, float, int, int, float]] = []
        self.counters: list[tuple[int, int, int, float]] = []
        ledger.measured_from = warmup_s
        if warmup_s > 0:
            kernel.at(warmup_s, self.open)

    @staticmethod
    def counted(n: Node) -> tuple[int, int, int, float]:
        return n.entered, n.answered, n.errors, n.sojourn

    def open(self, t: float, _: Any = None) -> None:
        self.opened = True
        self.totals = [n.totals(t) for n in self.nodes]
        self.counters = [self.counted(n) for n in self.nodes]
        for n in self.nodes:
            n.restart_counts()
        warmed = getattr(self.client, "warmed", None)
        if warmed is not None:
            warmed(t)

    def measured(self, totals: list[tuple[float, float, int, int, float]], now: float
                 ) -> tuple[list[tuple[float, float, int, int, float]], list[tuple[int, int, int, float]]]:
        """Each node's totals and counters less what they were at the warm-up's end (less all of
        them while it lasts: nothing is measured yet; nothing less without a warm-up)."""
        if not self.at:
            return totals, [(0, 0, 0, 0.0)] * len(totals)
        starts = self.totals if self.opened else [n.totals(now) for n in self.nodes]
        bases = self.counters if self.opened else [self.counted(n) for n in self.nodes]
        return [tuple(a - b for a, b in zip(end, start, strict=True))  # type: ignore[misc]
                for end, start in zip(totals, starts, strict=True)], bases

    def since(self, window: float) -> float:
        """Seconds measured of a traffic window that has lasted `window` so far."""
        return max(0.0, window - self.at)
