"""Per-second series without per-second work on the hot path: once a second, snapshot every
component's cumulative totals (and the client's), and take differences when reporting.

Traffic longer than MAX_SNAPSHOTS seconds is snapshotted every `step` whole seconds instead, so
that a day of it keeps 3,600 snapshots per component, not 86,400 (the drain after it, at most an
hour, adds at most as many again); the series then report the average per second over each
step, at t = 0, step, 2 step..."""

from __future__ import annotations

from itertools import pairwise
from math import ceil
from typing import Any

from playground.core.client import Client
from playground.core.data import Ledger
from playground.core.histogram import COARSE_SHIFT, PER_OCTAVE, ms, percentile
from playground.core.kernel import Kernel, Node

COARSE_PER_OCTAVE = PER_OCTAVE >> COARSE_SHIFT
MAX_SNAPSHOTS = 3600


def snapshot_step(traffic_s: float) -> int:
    """Whole seconds between snapshots for `traffic_s` seconds of traffic: 1 up to an hour."""
    return max(1, ceil(traffic_s / MAX_SNAPSHOTS))


class Recorder:
    def __init__(self, kernel: Kernel, nodes: list[Node], client: Client, ledger: Ledger,
                 step: int = 1):
        self.step = step
        self.kernel = kernel
        self.ledger = ledger
        self.forgetful = [n for n in nodes if hasattr(n, "forget")]
        self.gauges: list[list[Any]] = [[] for _ in nodes]
        self.nodes = nodes
        self.client = client
        zero = (0.0, 0.0, 0, 0, 0.0)
        self.cum: list[list[tuple[float, float, int, int, float]]] = [[zero] for _ in nodes]
        self.client_cum: list[tuple[int, int, int]] = [(0, 0, 0)]
        self.p50: list[float | None] = []
        self.p99: list[float | None] = []
        self.window: tuple[float, list[tuple[float, float, int, int, float]], tuple] | None = None
        self._tick = self.tick
        self._close = self.close_window
        kernel.advance(float(step))  # from now on, events past the next tick wait off the heap
        kernel.at(float(step), self._tick)

    def tick(self, t: float, _: Any = None) -> None:
        self.client.drain(t)
        for node, cum, gauge in zip(self.nodes, self.cum, self.gauges, strict=True):
            cum.append(node.totals(t))
            g = node.gauge()
            if g is not None:
                gauge.append(g)
        horizon = t - self.ledger.horizon
        self.ledger.forget(t)
        for node in self.forgetful:
            node.forget(horizon)
        self.client_cum.append(self.client.level())
        second = self.client.take_second()
        n = sum(second)
        self.p50.append(ms(percentile(second, n, 50, COARSE_PER_OCTAVE)) if n else None)
        self.p99.append(ms(percentile(second, n, 99, COARSE_PER_OCTAVE)) if n else None)
        self.kernel.advance(t + self.step)
        self.kernel.at(t + self.step, self._tick)

    def close_window(self, t: float, _: Any = None) -> None:
        """The traffic window ends: keep the totals the aggregates are computed from."""
        if self.window is None:
            self.client.drain(t)
            self.window = (t, [node.totals(t) for node in self.nodes], self.client.level())

    def totals_at(self, now: float, window: float) -> list[tuple[float, float, int, int, float]]:
        if self.window is not None:
            return self.window[1]
        return [node.totals(now) for node in self.nodes]

    def seconds(self) -> int:
        return len(self.client_cum) - 1

    def times(self, n: int) -> list[int]:
        """The start, in seconds, of each of the first `n` snapshot intervals."""
        return list(range(0, n * self.step, self.step))

    def node_series(self, i: int) -> tuple[list[float], list[float], list[Any], list[Any], list[float]]:
        """Per second (an average over a longer step): slot-seconds, seconds waited, answers,
        failures, CPU-seconds."""
        pairs = list(pairwise(self.cum[i]))
        return self._per_second([b[0] - a[0] for a, b in pairs], [b[1] - a[1] for a, b in pairs],
                                [b[2] - a[2] for a, b in pairs], [b[3] - a[3] for a, b in pairs],
                                [b[4] - a[4] for a, b in pairs])

    def client_series(self) -> tuple[list[Any], list[Any], list[Any]]:
        cum = self.client_cum
        pairs = list(pairwise(cum))
        return self._per_second([b[0] - a[0] for a, b in pairs], [b[1] - a[1] for a, b in pairs],
                                [b[2] - a[2] for a, b in pairs])

    def _per_second(self, *columns: list[Any]) -> Any:
        if self.step == 1:
            return columns
        return tuple([x / self.step for x in column] for column in columns)
