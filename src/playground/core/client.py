"""The outside world: requests arriving, what each asks for, and how the client reacts when
the answer is late or a failure (it gives up at its timeout, and tries again with backoff).

Streams: `arrivals` (times), `ops`, `keys`, `sessions`, `clients`, `client-retry` (jitter) and
`traces`, each its own generator, so a change to a component never reshuffles the traffic.
"""

from __future__ import annotations

from collections import deque
from heapq import heappush
from itertools import filterfalse
from math import floor, inf, log1p, log2
from operator import itemgetter
from typing import Any

from playground.core.arrivals import Arrivals
from playground.core.histogram import COARSE_SHIFT, NBINS, Histogram
from playground.core.kernel import (
    ABANDONED,
    ATTEMPT,
    DONE,
    HOPS,
    LIVE,
    OP_INDEX,
    OPS,
    SINK,
    STATE,
    TA,
    TIMEOUT,
    Kernel,
    Node,
)
from playground.core.streams import stream
from playground.core.traces import TraceSample
from playground.core.traffic import ALL, Population
from playground.formats.traffic import Traffic

STATE_OF = itemgetter(STATE)
# Each fine histogram bin's coarse bin (i >> COARSE_SHIFT), looked up: CPython 3.11 has no
# specialised shift, and this runs once for every request answered ok.
COARSE = [i >> COARSE_SHIFT for i in range(NBINS)]


class Client:
    """Generates the traffic, sends each request to the entry, and records its final outcome."""

    # Every attribute in a slot: a client has more than the 30 CPython 3.11 keeps inline, and
    # past that every access goes through the instance dict, on the path of every request.
    __slots__ = ("_answer", "_expire", "_restart", "arrivals", "backoff", "buf", "by_op", "compact_at",
                 "cut_at", "deadlines", "entry", "finished_hook", "first_gap", "heap", "inv", "kernel",
                 "limit", "mixed", "next_t", "on_cut", "op_counts", "refill", "retried", "retries",
                 "retry_rng", "second", "seg_end", "seq", "started", "timeout", "traces", "track", "who")

    def __init__(self, kernel: Kernel, traffic: Traffic, entry: Node, limit: int | None,
                 drawn: frozenset[str] = ALL, sampled: tuple[int, int] | None = None):
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
        self.compact_at = 4096

        self.first_gap = -log1p(-stream(seed, "first-arrival").random())
        self.who = Population(traffic, seed, drawn, sampled)
        self.mixed = {OP_INDEX[op] for op, w in traffic.mix.items() if w > 0}
        self.inv = 0.0  # 1/rate while the rate is constant (else 0), and where that stretch ends
        self.seg_end = -inf

        self.cut_at: float | None = None  # when requests_limit stopped the traffic
        self.on_cut: Any = lambda t: None
        self.started = 0  # requests begun (first attempts)
        self.retried = 0
        self.by_op = [Histogram() for _ in OPS]  # latency of ok requests, per operation
        self.op_counts = [[0, 0, 0, 0] for _ in OPS]
        self.second = [0] * ((NBINS >> COARSE_SHIFT) + 1)  # ok latencies in the current second
        self.traces = TraceSample(stream(seed, "traces"))
        self.finished_hook: Any = None  # Engine II observers of finished requests
        self.next_t = inf  # the next arrival, kept off the heap: the run loop merges it in
        self.buf, self.refill = self.who.buf, self.who.refill
        self._answer = self.answer
        self._expire = self.expire
        self._restart = self.restart
        # How an attempt's timeout is kept: an event of its own when the client retries; else
        # the attempt joins the line of deadlines, drained once a second by the recorder.
        self.track = self.expire_at if self.retries else self.deadlines.append

    def schedule(self, t: float, e: float) -> float:
        """The next arrival after t, for a unit-exponential draw e (also returned)."""
        if self.started >= self.limit:
            if self.cut_at is None:
                self.cut_at = t
                self.on_cut(t)
            self.next_t = inf
            return inf
        a = self.arrivals
        self.next_t = a.next(t, e)
        self.inv, self.seg_end = a.inv, (a.end if a.inv else -inf)
        return self.next_t

    def first(self) -> None:
        """Place the first arrival; the hooks of Engine II are set by now, so pick how answers
        are heard: without retries or finished-request observers, an ok answer is recorded
        inline (`answer_once`)."""
        if not self.retries and self.finished_hook is None:
            self._answer = self.answer_once
        self.schedule(0.0, self.first_gap)

    # -- a new request --------------------------------------------------------------------
    def arrive(self, t: float) -> float:
        """A request arrives at t; returns the time of the next arrival (`next_t` is only
        brought up to date off the common path: the run loop keeps it in a local)."""
        rid = self.started
        self.started = n = rid + 1
        try:
            e, op, key, session, client = self.buf.pop()
        except IndexError:  # the block is used up: draw the next
            e, op, key, session, client = self.refill()
        nt = t + e * self.inv
        if nt >= self.seg_end or n >= self.limit:  # not the common case of a constant rate
            nt = self.schedule(t, e)
        req: list[Any] = [rid, op, key, session, client, t, t, 0, 0, [], -1, 0]  # state 0: LIVE
        self.track(req)
        self.entry.enter(t, req, req, self._answer)
        return nt

    def expire_at(self, req: list) -> None:
        heappush(self.heap, (req[TA] + self.timeout, self.seq(), self._expire, req))

    def send(self, t: float, req: list) -> None:
        self.retried += 1
        self.track(req)
        self.entry.enter(t, req, req, self._answer)

    # -- answers, timeouts, retries -----------------------------------------------------------
    def answer_once(self, t: float, req: list, outcome: int) -> None:
        """`answer` for a client that never retries: an ok answer is recorded here, by a copy of
        record_ok's body (a deliberate one, kept in step with it: one Python call fewer for
        three requests in four of the reference network)."""
        if req[8]:
            return  # the client gave up on this attempt already
        req[8] = DONE
        latency = t - req[5]  # the first attempt is the only one: TA == T0
        if latency > self.timeout:
            self.finish(req[5] + self.timeout, req, TIMEOUT)
        elif outcome:
            self.finish(t, req, outcome)  # settle()'s verdict, without retries
        else:
            i = floor(log2(latency * 1e6 + 1.0) * 64.0)  # histogram.bin_of, inlined (a float product: specialised)
            h = self.by_op[req[1]]
            h.counts[i] += 1
            h.total += latency
            if latency > h.max:
                h.max = latency
            self.second[COARSE[i]] += 1
            tr = self.traces
            if latency > tr.floor or tr.seen >= tr.nxt:
                tr.offer(latency, req[0], req, 0)
            else:
                tr.seen += 1
            req[9] = SINK

    def record_ok(self, req: list, latency: float) -> None:
        """A request answered ok: its latency into the histograms, and maybe into the traces."""
        i = floor(log2(latency * 1e6 + 1.0) * 64.0)  # histogram.bin_of, inlined (a float product: specialised)
        h = self.by_op[req[1]]
        h.counts[i] += 1
        h.total += latency
        if latency > h.max:
            h.max = latency
        self.second[COARSE[i]] += 1
        tr = self.traces
        if latency > tr.floor or tr.seen >= tr.nxt:
            tr.offer(latency, req[0], req, 0)
        else:
            tr.seen += 1
        req[9] = SINK

    def answer(self, t: float, req: list, outcome: int) -> None:
        if req[8]:
            return  # the client gave up on this attempt already
        req[8] = DONE
        self.settle(t, req, outcome)

    def settle(self, t: float, req: list, outcome: int) -> None:
        """An attempt answered: late (a timeout), to be tried again, or final."""
        if t - req[6] > self.timeout:
            self.finish(req[6] + self.timeout, req, TIMEOUT)
        elif outcome and req[7] < self.retries:
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
        """Lazy timeouts (no retries): attempts whose deadline has passed and no answer came.
        Called once a second; answered attempts are also dropped from the middle of the line
        whenever it has doubled, so a long timeout does not keep every request in memory."""
        dl, timeout = self.deadlines, self.timeout
        while dl and dl[0][TA] + timeout <= now:
            req = dl.popleft()
            if req[STATE] == LIVE:
                req[STATE] = ABANDONED
                self.finish(req[TA] + timeout, req, TIMEOUT)
        if len(dl) > self.compact_at:
            live = list(filterfalse(STATE_OF, dl))  # state 0 is LIVE
            dl.clear()
            dl.extend(live)
            self.compact_at = 2 * len(dl) + 4096

    def retry(self, t: float, req: list) -> None:
        wait = self.backoff * (1 << req[ATTEMPT])
        if self.retry_rng is not None:
            wait *= self.retry_rng.random()
        again = req[:]
        again[ATTEMPT] += 1
        again[STATE] = LIVE
        again[HOPS] = []
        again[10] = -1
        again[11] = 0  # not degraded (yet)
        req[HOPS] = SINK
        heappush(self.heap, (t + wait, self.seq(), self._restart, again))

    def restart(self, t: float, req: list) -> None:
        req[TA] = t
        self.send(t, req)

    def finish(self, t: float, req: list, outcome: int) -> None:
        latency = t - req[5]
        if self.finished_hook is not None:
            self.finished_hook(t, req, outcome)
        if not outcome:
            self.record_ok(req, latency)
            return
        self.op_counts[req[1]][outcome] += 1  # ok ones are counted by their histogram
        tr = self.traces
        if latency > tr.floor or tr.seen >= tr.nxt:
            tr.offer(latency, req[0], req, outcome)
        else:
            tr.seen += 1
        req[9] = SINK

    @property
    def counts(self) -> list[int]:
        """Finished requests by outcome."""
        rows = self.outcomes_by_op()  # once: it sums every histogram
        return [sum(c[k] for c in rows) for k in range(4)]

    def outcomes_by_op(self) -> list[list[int]]:
        """Per operation, finished requests by outcome (operations outside the mix: zeros)."""
        return [[h.n if i in self.mixed else 0, *c[1:]]
                for i, (h, c) in enumerate(zip(self.by_op, self.op_counts, strict=True))]

    @property
    def attempts(self) -> int:
        return self.started + self.retried

    def measured(self) -> tuple[int, int]:
        """(requests begun, attempts made) that the results count: every one, unless a warm-up
        leaves the first out (playground.core.warmup)."""
        return self.started, self.started + self.retried

    def measured_from(self) -> int:
        """Requests begun before the ones the results count (a warm-up's)."""
        return 0

    def level(self) -> tuple[int, int, int]:
        """(requests begun, finished ok, finished failed) so far."""
        counts = self.counts
        return self.started, counts[0], sum(counts) - counts[0]

    def take_second(self) -> list[int]:
        """The ok latencies (coarse bins) finished since the last call, and start afresh."""
        out = self.second
        self.second = [0] * len(out)
        return out

    def in_flight(self) -> int:
        """Requests counted that have not ended."""
        return self.measured()[0] - sum(self.counts)

