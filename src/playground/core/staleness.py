"""Staleness by age: of the reads a component answered, the share that were stale, by the time
since the key's last acknowledged write when the read began.

A replica that lags, or a cache that keeps an entry after a write, answers stale reads soon after
a write and fresh ones later: the curve P(stale | age) says how long after a write its reads
can be trusted (an exponential lag of mean L gives exp(-age / L); a cache entry kept ttl_s from
its fill, 1 - age / ttl_s). Ages fall in bins of a quarter octave from 1 ms (the first bin:
under 1 ms). A read is counted for the component that served its version: the first of its
hops, in the order they answered, at a component that keeps data or copies (a cache's miss is
served by what is behind it). Asked for by `measure.staleness_by_age`; the ledger feeds it.
"""

from __future__ import annotations

from math import floor, log2
from typing import Any

from playground.core.kernel import HOPS, TA

PER_OCTAVE = 4
BINS = 1 + PER_OCTAVE * 27  # 1 ms .. 2^27 ms (37 hours): longer than any run


def bin_of(age_s: float) -> int:
    """0 for under 1 ms; bin i >= 1 holds ages in [2^((i-1)/4), 2^(i/4)) ms."""
    ms = age_s * 1000.0
    return 0 if ms < 1.0 else min(1 + floor(log2(ms) * PER_OCTAVE), BINS - 1)


def upper_ms(i: int) -> float:
    """The upper edge of bin i, in ms."""
    return round(2.0 ** (i / PER_OCTAVE), 4)


class StalenessByAge:
    def __init__(self, serves: list[bool]):
        self.serves = serves  # per node index: it answers reads from data or copies of its own
        self.reads: dict[int, list[int]] = {}  # node index -> reads per age bin
        self.stale: dict[int, list[int]] = {}

    def add(self, req: list, history: list[tuple[float, int]]) -> None:
        """A judged read, and its key's history of acknowledged (time, version)."""
        began = req[TA]
        when, newest = 0.0, 0
        for at, v in history:
            if at <= began and v > newest:
                when, newest = at, v
        if not newest:
            return  # no write yet: the read has no age
        serves = self.serves
        server = next((h[3] for h in req[HOPS] if serves[h[3]]), None)
        if server is None:
            return
        reads = self.reads.get(server)
        if reads is None:
            reads = self.reads[server] = [0] * BINS
            self.stale[server] = [0] * BINS
        i = bin_of(began - when)
        reads[i] += 1
        if req[10] < newest:
            self.stale[server][i] += 1

    def series(self, index: int) -> dict[str, Any] | None:
        """The curve of one component, up to its oldest bin with a read (None: no read aged)."""
        reads = self.reads.get(index)
        if reads is None:
            return None
        stale = self.stale[index]
        last = max(i for i, n in enumerate(reads) if n) + 1
        return {"age_ms": [upper_ms(i) for i in range(last)], "reads": reads[:last], "stale": stale[:last],
                "p_stale": [round(s / n, 6) if n else None for n, s in zip(reads[:last], stale[:last], strict=True)]}
