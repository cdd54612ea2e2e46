"""The database kind's leaderless quorum (its `quorum` block): n copies inside the database,
their delays (one copy time, or PBS's WARS), and what its reads saw. Part of the database kind,
apart only to keep each module short."""

from __future__ import annotations

from bisect import bisect_right
from operator import itemgetter
from typing import Any

from playground.core.kernel import Kernel
from playground.core.streams import Draws, stream
from playground.core.visibility import Visibility
from playground.formats.base import Timing
from playground.kinds.database import DatabaseNode

APPLIED = itemgetter(0)


class QuorumDatabaseNode(DatabaseNode):
    """Leaderless replication (Dynamo style): n copies inside the database; a write is
    acknowledged when w copies have it, a read asks every copy and answers with the newest
    version among the first r to reply. Each copy answers after its own replica_time, or, with
    `delays`, after PBS's W + A for a write and R + S for a read (the copy's state is read when
    the request reaches it, R after the read began). Every read is measured as PBS does (see
    playground.core.visibility): by the time since the key's newest acknowledged write, and by how
    many versions behind it answered."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, *, copy_time: Timing, delays: Any = None, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        q = comp.quorum
        self.n, self.r, self.w = q.n, q.r, q.w
        self.copy_time = Draws(copy_time, stream(kernel.seed, f"quorum:{comp.id}"))
        self.wars = None if delays is None else Wars(delays, self.copy_time, kernel.seed, comp.id)
        # per copy, key -> [(when applied there, version)]: increasing in both, so the newest
        # version a copy has at a time is found by bisection (no version is forgotten early)
        self.copies: list[dict[int, list[tuple[float, int]]]] = [{} for _ in range(self.n)]
        self.pbs = Visibility()

    def own_entry(self) -> None:
        self.enter = self.admit  # type: ignore[method-assign]

    def _times(self) -> list[float]:
        d = self.copy_time
        return [d.buf.pop() if d.buf else d.refill() for _ in range(self.n)]

    def read(self, t: float, req: list) -> float:
        key = req[2]
        if self.wars is None:
            reach = self._times()
            replies = sorted((reach[i], i) for i in range(self.n))[: self.r]
        else:
            reach, back = self.wars.draw(self.wars.read, self.n), self.wars.draw(self.wars.response, self.n)
            replies = sorted((reach[i] + back[i], i) for i in range(self.n))[: self.r]
        best = 0
        for _, i in replies:
            h = self.copies[i].get(key)
            if h:
                k = bisect_right(h, t + reach[i], key=APPLIED)  # the newest version this copy has then
                if k and h[k - 1][1] > best:
                    best = h[k - 1][1]
        req[10] = best
        if self.ledger is not None:
            self.pbs.add(t, best, self.ledger.acked.get(key))
        return replies[-1][0]

    def replicate(self, t: float, key: int, v: int) -> float:
        if self.wars is None:
            times = acks = self._times()
        else:
            times = self.wars.draw(self.wars.write, self.n)
            acks = [a + b for a, b in zip(times, self.wars.draw(self.wars.ack, self.n), strict=True)]
        for i, dt in enumerate(times):
            h = self.copies[i].get(key)
            if h is None:
                h = self.copies[i][key] = []
            applied = t + dt
            while h and h[-1][0] >= applied:  # an older version applied no sooner: never the newest
                h.pop()
            h.append((applied, v))
            while len(h) > 1 and h[1][0] <= t:  # applied already, and superseded by one applied too
                del h[0]
        return sorted(acks)[self.w - 1]

    def extra(self) -> dict[str, Any]:
        return {"quorum": {"n": self.n, "r": self.r, "w": self.w}, **self.pbs.results(), **super().extra()}


class Wars:
    """Where a quorum's four WARS delays come from: each its own stream, W and R falling back
    to the copy time and A and S to nothing."""

    def __init__(self, delays: Any, copy_time: Draws, seed: int, cid: str):
        def of(name: str, fallback: Draws | None) -> Draws | None:
            timing_ = getattr(delays, name)
            return fallback if timing_ is None else Draws(timing_, stream(seed, f"quorum-{name}:{cid}"))

        self.write, self.ack = of("write", copy_time), of("ack", None)
        self.read, self.response = of("read", copy_time), of("response", None)

    @staticmethod
    def draw(d: Draws | None, n: int) -> list[float]:
        if d is None:
            return [0.0] * n
        return [d.buf.pop() if d.buf else d.refill() for _ in range(n)]
