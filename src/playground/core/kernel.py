"""What every part of the engine shares: outcome and operation codes, the request record's
layout, the event heap's entry shape, and the base of every component's behaviour.

Hot paths use plain lists and tuples indexed by the constants below, not objects: an event is
`(time, seq, fn, arg)` on one heap, and `fn(time, arg)` runs it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from heapq import heappush
from itertools import count
from typing import Any

from playground.design.base import OPERATIONS

# Outcomes of a call or a request; 0 is success so `if outcome:` means "failed".
OK, TIMEOUT, REJECTED, ERROR = 0, 1, 2, 3
OUTCOMES: tuple[str, ...] = ("ok", "timeout", "rejected", "error")

OPS: tuple[str, ...] = OPERATIONS
OP_INDEX = {op: i for i, op in enumerate(OPS)}
READ, WRITE, CHARGE, ENQUEUE, DECREMENT = (OP_INDEX[o] for o in ("read", "write", "charge", "enqueue", "decrement"))

# A request attempt is a list with these fields (one list per attempt; a retry makes a new one).
RID, OP, KEY, SESSION, CLIENT, T0, TA, ATTEMPT, STATE, HOPS = range(10)
ATTEMPT_FIELDS = 10
LIVE, DONE, ABANDONED = 0, 1, 2

Ret = Callable[[float, Any, int], None]
"""How a callee answers: ret(time, ctx, outcome), exactly once per call it accepted."""


@dataclass
class Kernel:
    """The event heap and the run's fixed facts every component needs while it runs."""

    heap: list[tuple[float, int, Callable[[float, Any], None], Any]]
    seq: Callable[[], int]
    nbins: int
    seed: int

    @classmethod
    def new(cls, nbins: int, seed: int) -> Kernel:
        return cls([], count().__next__, nbins, seed)

    def at(self, t: float, fn: Callable[[float, Any], None], arg: Any = None) -> None:
        heappush(self.heap, (t, self.seq(), fn, arg))


def spread(bins: list[float], start: float, end: float) -> None:
    """Add the interval [start, end) to per-second bins, split at second boundaries."""
    i, j = int(start), int(end)
    last = len(bins) - 1
    if i == j:
        bins[min(i, last)] += end - start
        return
    if i <= last:
        bins[i] += i + 1 - start
    for k in range(i + 1, min(j, last + 1)):
        bins[k] += 1.0
    if j <= last:
        bins[j] += end - j


class Node(ABC):
    """The behaviour of one component. Subclasses implement `enter`.

    Per-second bins (index = whole second of simulated time): `done` calls answered, `errs` calls
    answered with a failure, `busy` slot-seconds held, `wait` seconds spent waiting for a slot.
    """

    kind = ""
    slots: int | None = None  # worker slots in all; None where utilization has no meaning

    def __init__(self, kernel: Kernel, comp: Any, index: int):
        self.comp = comp
        self.id: str = comp.id
        self.index = index
        self.kernel = kernel
        self.heap = kernel.heap
        self.seq = kernel.seq
        nb = kernel.nbins
        self.done = [0] * nb
        self.errs = [0] * nb
        self.busy = [0.0] * nb
        self.wait = [0.0] * nb
        self.entered = 0
        self.answered = 0
        self.errors = 0
        self.sojourn = 0.0
        self.route: list[tuple[Node, ...]] = [() for _ in OPS]

    def link(self, nodes: dict[str, Node]) -> None:
        """Resolve the component's calls into, for each operation, the nodes it calls in order."""
        for i, op in enumerate(OPS):
            self.route[i] = tuple(nodes[c.to] for c in self.comp.calls if c.ops is None or op in c.ops)

    @abstractmethod
    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        """A call arrives at time t; answer it later with ret(time, ctx, outcome)."""

    def record(self, t: float, req: list, enter: float, wait: float, service: float, outcome: int,
               instance: int = -1) -> None:
        """Count an answer and add its hop to the request's trace."""
        sec = int(t)
        self.answered += 1
        self.done[sec] += 1
        if outcome:
            self.errors += 1
            self.errs[sec] += 1
        self.sojourn += t - enter
        req[HOPS].append((self.index, instance, enter, wait, service, outcome))

    def extra(self, window: float) -> dict[str, Any]:
        """Kind-specific result fields (hit_ratio, backlog, ...)."""
        return {}

    def level(self) -> tuple[int, int]:
        """(slots busy, requests waiting) right now, for the per-second snapshots."""
        return 0, 0
