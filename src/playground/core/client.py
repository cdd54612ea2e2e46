"""The outside world: requests arriving, what each asks for, and how the client reacts when
the answer is late or a failure (it gives up at its timeout, and tries again with backoff).

Streams: `arrivals` (times), `ops`, `keys`, `sessions`, `clients`, `client-retry` (jitter) and
`traces`, each its own generator, so a change to a component never reshuffles the traffic.
"""

from __future__ import annotations

from bisect import bisect
from collections import deque
from heapq import heappush
from math import log
from typing import Any

from playground.core.arrivals import Arrivals
from playground.core.histogram import COARSE_SHIFT, Histogram
from playground.core.kernel import (
    ABANDONED,
    ATTEMPT,
    DONE,
    HOPS,
    LIVE,
    OK,
    OP_INDEX,
    OPS,
    STATE,
    T0,
    TA,
    TIMEOUT,
    Kernel,
    Node,
)
from playground.core.streams import BLOCK, Uniform, Zipf, stream
from playground.core.traces import TraceSample
from playground.design.challenge import Traffic


class Client:
    """Generates the traffic, sends each request to the entry, and records its final outcome."""

    def __init__(self, kernel: Kernel, traffic: Traffic, entry: Node, limit: int | None):
        seed = kernel.seed
        self.kernel = kernel
        self.heap, self.seq = kernel.heap, kernel.seq
        self.entry = entry
        self.arrivals = Arrivals(traffic)
        self.limit = limit if limit is not None else 1 << 62
        self.timeout = traffic.client.timeout_ms / 1000.0
        self.retries = traffic.client.retries
        self.backoff = traffic.client.backoff_ms / 1000.0
        self.retry_rng = stream(seed, "client-retry") if traffic.client.jitter else None
        self.deadlines: deque[list] = deque()  # attempts in start order, when timeouts are lazy

        r = stream(seed, "arrivals").random
        self._unit = lambda: [-log(1.0 - r()) for _ in range(BLOCK)]
        self.unit: list[float] = []
        weights = [(OP_INDEX[op], w) for op, w in traffic.mix.items() if w > 0]
        self.op_codes = [op for op, _ in weights]
        total, cum = 0.0, []
        for _, w in weights:
            total += w
            cum.append(total / sum(w for _, w in weights))
        self.op_cum = cum
        self.op_rng = stream(seed, "ops").random
        keys = traffic.keys
        kr = stream(seed, "keys")
        self.keys = Zipf(keys.count, keys.zipf_s, kr) if keys.distribution == "zipf" else Uniform(keys.count, kr)
        self.sessions = Uniform(traffic.sessions, stream(seed, "sessions"))
        self.hot_share = traffic.hot_client_share
        cr = stream(seed, "clients").random
        clients, hot = traffic.clients, self.hot_share
        # client 0 is the abusive one when hot_client_share > 0; the rest share what is left
        self._clients = lambda: [0 if r_ < hot else int((r_ - hot) / (1.0 - hot) * clients) if hot < 1.0 else 0
                                 for r_ in (cr() for _ in range(BLOCK))]
        self.client_buf: list[int] = []

        self.cut_at: float | None = None  # when requests_limit stopped the traffic
        self.started = 0  # requests begun (first attempts)
        self.attempts = 0
        self.counts = [0, 0, 0, 0]  # by final outcome
        self.by_op = [Histogram() for _ in OPS]  # latency of ok requests, per operation
        self.op_counts = [[0, 0, 0, 0] for _ in OPS]
        nb = kernel.nbins
        self.s_new = [0] * nb
        self.s_ok = [0] * nb
        self.s_err = [0] * nb
        self.s_hist: list[list[int] | None] = [None] * nb
        self.traces = TraceSample(stream(seed, "traces"))
        self.finished_hook = None  # Engine II observers of finished requests
        self._arrive = self.arrive
        self._answer = self.answer
        self._expire = self.expire
        self._restart = self.restart

    def first(self) -> None:
        self.schedule(0.0)

    def schedule(self, t: float) -> None:
        if self.started >= self.limit:
            self.cut_at = t
            return
        u = self.unit
        if not u:
            u.extend(self._unit())
        nt = self.arrivals.next(t, u.pop())
        if nt != float("inf"):
            heappush(self.heap, (nt, self.seq(), self._arrive, None))

    # -- a new request --------------------------------------------------------------------
    def arrive(self, t: float, _: Any) -> None:
        rid = self.started
        self.started = rid + 1
        self.schedule(t)
        codes = self.op_codes
        op = codes[0] if len(codes) == 1 else codes[bisect(self.op_cum, self.op_rng())]
        k = self.keys
        key = k.buf.pop() if k.buf else k.refill()
        s = self.sessions
        session = s.buf.pop() if s.buf else s.refill()
        c = self.client_buf
        if not c:
            c.extend(self._clients())
        req = [rid, op, key, session, c.pop(), t, t, 0, LIVE, []]
        self.s_new[int(t)] += 1
        dl = self.deadlines
        if dl and dl[0][TA] + self.timeout <= t:
            self.drain(t)
        self.send(t, req)

    def send(self, t: float, req: list) -> None:
        self.attempts += 1
        if self.retries:
            heappush(self.heap, (t + self.timeout, self.seq(), self._expire, req))
        else:
            self.deadlines.append(req)
        self.entry.enter(t, req, req, self._answer)

    # -- answers, timeouts, retries -----------------------------------------------------------
    def answer(self, t: float, req: list, outcome: int) -> None:
        if req[STATE] != LIVE:
            return  # the client gave up on this attempt already
        req[STATE] = DONE
        if t - req[TA] > self.timeout:
            self.finish(req[TA] + self.timeout, req, TIMEOUT)
        elif outcome and req[ATTEMPT] < self.retries:
            self.retry(t, req)
        else:
            self.finish(t, req, outcome)

    def expire(self, t: float, req: list) -> None:
        if req[STATE] != LIVE:
            return
        req[STATE] = ABANDONED
        if req[ATTEMPT] < self.retries:
            self.retry(t, req)
        else:
            self.finish(t, req, TIMEOUT)

    def drain(self, now: float) -> None:
        """Lazy timeouts (no retries): attempts whose deadline has passed and no answer came."""
        dl, timeout = self.deadlines, self.timeout
        while dl and dl[0][TA] + timeout <= now:
            req = dl.popleft()
            if req[STATE] == LIVE:
                req[STATE] = ABANDONED
                self.finish(req[TA] + timeout, req, TIMEOUT)

    def retry(self, t: float, req: list) -> None:
        wait = self.backoff * (1 << req[ATTEMPT])
        if self.retry_rng is not None:
            wait *= self.retry_rng.random()
        again = req[:]
        again[ATTEMPT] += 1
        again[STATE] = LIVE
        again[HOPS] = []
        heappush(self.heap, (t + wait, self.seq(), self._restart, again))

    def restart(self, t: float, req: list) -> None:
        req[TA] = t
        self.send(t, req)

    def finish(self, t: float, req: list, outcome: int) -> None:
        self.counts[outcome] += 1
        op = req[1]
        self.op_counts[op][outcome] += 1
        sec = int(t)
        latency = t - req[T0]
        if outcome == OK:
            self.s_ok[sec] += 1
            i = self.by_op[op].add(latency)
            h = self.s_hist[sec]
            if h is None:
                h = self.s_hist[sec] = [0] * ((len(self.by_op[op].counts) >> COARSE_SHIFT) + 1)
            h[i >> COARSE_SHIFT] += 1
        else:
            self.s_err[sec] += 1
        self.traces.offer(latency, req[0], req, outcome)
        if self.finished_hook is not None:
            self.finished_hook(t, req, outcome)

    def in_flight(self) -> int:
        return self.started - sum(self.counts)

