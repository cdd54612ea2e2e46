"""Who sends each request and what it asks for: the operation (from the mix), the key (uniform
or Zipf), the session and the client (one abusive client takes `hot_client_share`).

Each attribute has its own stream, drawn in blocks, and only when some part of the run reads
it; `refill()` returns one (gap, op, key, session, client) tuple and leaves a block of them in
`buf`. The gap is a unit-exponential draw (stream `arrivals`) that places the next request
after this one.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from playground.core.kernel import OP_INDEX
from playground.core.streams import BLOCK, exponentials, stream, uniform_block, uniforms, zipf_block
from playground.formats.traffic import Traffic

if TYPE_CHECKING:
    from playground.design.model import Design


def attributes_read(design: Design, traffic: Traffic) -> frozenset[str]:
    """Which of a request's key, session and client some part of the run looks at: a run draws
    only those (the others stay None), so a design that ignores them does not pay for them.
    Writes in the mix read both key and session (versions, and each session's promises)."""
    used: set[str] = set()
    if any(w > 0 for op, w in traffic.mix.items() if op != "read"):
        used |= {"key", "session"}  # every operation but read changes data or has an effect
    if traffic.hot_client_share > 0.0:
        used.add("client")  # the well-behaved clients are counted apart (core/clients.py)
    for c in design.components:
        used |= c.attributes_read()
    return frozenset(used)


Drawn = tuple[float, int, "int | None", "int | None", "int | None"]
"""One request's draws: the gap to the next, its operation, key, session and client."""

ALL = frozenset(("key", "session", "client"))


class Population:
    __slots__ = ("buf", "refill")

    def __init__(self, traffic: Traffic, seed: int, drawn: frozenset[str] = ALL,
                 sampled: tuple[int, int] | None = None):
        # in the operations' own order, not the mapping's: a challenge read back from canonical
        # (key-sorted) JSON, as a grading worker does, must draw the same operations
        weights = sorted((OP_INDEX[op], w) for op, w in traffic.mix.items() if w > 0)
        total = sum(w for _, w in weights)
        codes, cum, acc = [op for op, _ in weights], [], 0.0
        for _, w in weights:
            acc += w
            cum.append(acc / total)
        rops = stream(seed, "ops").random
        last = len(codes) - 1
        if len(codes) == 1:
            ops = lambda: [codes[0]] * BLOCK  # noqa: E731
        else:
            ops = lambda: [codes[min(bisect(cum, u), last)] for u in uniforms(rops)]  # noqa: E731
        k = traffic.keys
        krng = stream(seed, "keys")
        Block = Callable[[], Sequence[int | None]]
        keys: Block = zipf_block(k.count, k.zipf_s, krng) if k.distribution == "zipf" else uniform_block(k.count, krng)
        sessions: Block = uniform_block(traffic.sessions, stream(seed, "sessions"))
        nones: list[int | None] = [None] * BLOCK
        if "key" not in drawn:
            keys = lambda: nones  # noqa: E731
        if "session" not in drawn:
            sessions = lambda: nones  # noqa: E731
        rc = stream(seed, "clients").random
        n, hot = traffic.clients, traffic.hot_client_share
        clients: Block
        if hot > 0.0:  # client 0 is the abusive one; the others share what is left
            def hot_first() -> list[int | None]:
                return [0 if u < hot else 1 + int((u - hot) / (1.0 - hot) * (n - 1)) if n > 1 else 0
                        for u in uniforms(rc)]

            clients = hot_first
        else:
            clients = uniform_block(n, stream(seed, "clients"))
        if "client" not in drawn:
            clients = lambda: nones  # noqa: E731
        ra = stream(seed, "arrivals").random
        self.buf: list[Drawn] = []
        buf = self.buf

        gaps = (lambda: exponentials(ra)) if sampled is None else turns(ra, stream(seed, "arrival-turns"), *sampled)

        def refill() -> Drawn:
            buf.extend(zip(gaps(), ops(), keys(), sessions(), clients(), strict=True))
            return buf.pop()

        self.refill = refill


def turns(ra: Callable[[], float], rg: random.Random, keep: int, every: int) -> Callable[[], list[float]]:
    """Unit-exponential gaps between the arrivals a round-robin balancer gives the first `keep`
    of `every` instances: `keep` - 1 gaps of one arrival, then one of the `every` - `keep` + 1
    arrivals that go to the instances not simulated (their sum, a Gamma draw). Each instance
    kept then sees every `every`-th arrival of the whole stream, as in the whole system
    (playground.fast.symmetry). Popped from the end of a block, so written in reverse."""
    done = 0
    long_gap = every - keep + 1

    def gaps() -> list[float]:
        nonlocal done
        ordered = exponentials(ra)
        first = (keep - 1 - done) % keep
        for j in range(first, len(ordered), keep):
            ordered[j] = rg.gammavariate(long_gap, 1.0)
        done += len(ordered)
        ordered.reverse()
        return ordered

    return gaps

