"""A bounded sample of request traces: the slowest requests, and a uniform random sample
(reservoir sampling, Li's Algorithm L, so most requests cost one comparison)."""

from __future__ import annotations

import random
from heapq import heappush, heapreplace
from math import exp, floor, log
from typing import Any

from playground.core.kernel import HOPS

SLOWEST = 10
RANDOM = 10


class TraceSample:
    __slots__ = ("floor", "k", "n", "nxt", "reservoir", "rng", "seen", "slowest", "w")

    def __init__(self, rng: random.Random, slowest: int = SLOWEST, sample: int = RANDOM):
        self.rng = rng
        self.slowest: list[tuple[float, int, Any]] = []
        self.k = slowest
        self.n = sample
        self.reservoir: list[tuple[int, Any]] = []
        self.seen = 0
        self.w = 1.0
        self.nxt = 0
        self.floor = -1.0  # a request slower than this enters the slowest (when full: the least)

    def offer(self, latency: float, rid: int, req: list, outcome: int) -> None:
        """Consider one finished request; it is copied only if it is kept."""
        h = self.slowest
        if len(h) < self.k:
            heappush(h, (latency, -rid, snapshot(req, outcome, latency)))
            if len(h) == self.k:
                self.floor = h[0][0]
        elif latency > h[0][0]:
            heapreplace(h, (latency, -rid, snapshot(req, outcome, latency)))
            self.floor = h[0][0]
        i = self.seen
        self.seen = i + 1
        if i < self.n:
            self.reservoir.append((rid, snapshot(req, outcome, latency)))
            if i == self.n - 1:
                self._advance(i)
        elif i == self.nxt:
            self.reservoir[int(self.rng.random() * self.n)] = (rid, snapshot(req, outcome, latency))
            self._advance(i)

    def _advance(self, i: int) -> None:
        r = self.rng.random
        self.w *= exp(log(1.0 - r()) / self.n)
        gap = floor(log(1.0 - r()) / log(1.0 - self.w)) if 0.0 < self.w < 1.0 else 0
        self.nxt = i + gap + 1

    def kept(self) -> list[Any]:
        """The slowest first (slowest at the top), then the random sample without repeats."""
        slow = sorted(self.slowest, key=lambda x: (-x[0], x[1]))
        ids = {-neg for _, neg, _ in slow}
        rest = sorted((rid, rec) for rid, rec in self.reservoir if rid not in ids)
        return [rec for _, _, rec in slow] + [rec for _, rec in rest]


def snapshot(req: list, outcome: int, latency: float) -> tuple[tuple, int, float, tuple]:
    """What a trace keeps of a request: its fields, final outcome and hops (copied now, since
    servers may still add hops to an attempt the client has given up on)."""
    return tuple(req), outcome, latency, tuple(req[HOPS])
