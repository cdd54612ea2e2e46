"""The simulation: build the nodes of a design, feed them a challenge's traffic, run the heap.

`Simulation(design, challenge, seed)` can run to the end or in slices (`run(until=t)`), so a
caller can show progress and stop early; `result()` summarises what has happened so far.
"""

from __future__ import annotations

import contextlib
import gc
from heapq import heappop
from typing import TYPE_CHECKING, Any

from playground.core.build import build, relink
from playground.core.client import Client
from playground.core.clients import ClientTally
from playground.core.data import Ledger
from playground.core.degraded import Degraded
from playground.core.faults import Timeline
from playground.core.horizon import HorizonResult, run_horizon
from playground.core.kernel import EFFECTS, OP_INDEX, READ, WRITES, Kernel
from playground.core.network import from_clients
from playground.core.paths import reaches_data
from playground.core.physics import Physics
from playground.core.record import RunResult
from playground.core.recorder import Recorder, snapshot_step
from playground.core.staleness import StalenessByAge
from playground.core.summary import summarise, trace
from playground.core.tally import Tally
from playground.core.traffic import attributes_read
from playground.core.users import Users
from playground.core.warmup import WarmedClient, Window

if TYPE_CHECKING:
    from playground.design.challenge import Challenge
    from playground.design.model import Design

ENGINE_VERSION = "3.0"
"""3.0: calls may cross a network, and a partition cuts a direction of a link, holding what would
cross it until it heals; CPUs apart from worker slots. 2.2: exponential draws by log1p."""


HALT_SEQ = 1 << 62  # after every event's sequence number: a stop at t comes after t's events


class Halt(Exception):
    """Raised by the halting event to leave the run loop."""


class Simulation:
    def __init__(self, design: Design, challenge: Challenge, seed: int | None = None, *,
                 requests_limit: int | None = None, physics: Physics | None = None,
                 sampled: tuple[int, int] | None = None):
        """`sampled` (keep, every): of every `every` arrivals the traffic sends, only those a
        round-robin entry gives its first `keep` instances are simulated (playground.fast)."""
        if design.entry is None or design.entry not in design.ids:
            raise ValueError("the design has no valid entry component")
        self.entry_id: str = design.entry
        design = challenge.assemble(design)  # with the parts the challenge's world gives
        self.design = design
        self.challenge = challenge
        self.seed = challenge.seed if seed is None else seed
        traffic = challenge.traffic
        self.duration = traffic.duration_s
        # long enough for the last request's every attempt and backoff to run out, and for work
        # still under way (a queue's messages) the challenge's grace; what is undone then is lost
        self.drain = traffic.client.longest_request_s
        self.kernel = Kernel.new(self.seed)
        self.physics = physics if physics is not None else challenge.physics()
        self.nodes = build(self.kernel, design, self.physics)
        if any(n.defers for n in self.nodes.values()):
            self.drain = max(self.drain, challenge.grace_s)
        self.ended = False
        counted = challenge.parts_counted() & self.nodes.keys()
        for part in counted:
            self.nodes[part].count_calls_by_op()
        if counted:
            relink(self.nodes)  # the counted parts' way in changed
        warmup = challenge.measure.warmup_s
        entry = from_clients(self.nodes[self.entry_id], self.physics, self.seed)
        client_args = (self.kernel, traffic, entry, requests_limit, attributes_read(design, traffic), sampled)
        self.client = WarmedClient(*client_args, warmup_s=warmup) if warmup else Client(*client_args)
        redelivery = max((n.redelivery_s() for n in self.nodes.values()), default=0.0)
        self.ledger = Ledger(horizon_s=self.drain + 3 * redelivery + 60.0, read_horizon_s=traffic.client.timeout_ms / 1000.0,
                             initial_stock=traffic.keys.initial_stock)
        if challenge.measure.staleness_by_age:
            self.ledger.ages = StalenessByAge([n.comp.keeps in ("data", "copies") for n in self.nodes.values()])
        self.watch_data(traffic)
        self.users = Users(self.kernel, self.client, traffic.users) if traffic.users is not None else None
        self.recorder = Recorder(self.kernel, list(self.nodes.values()), self.client, self.ledger,
                                 snapshot_step(self.duration))
        self.events: list[dict[str, Any]] = []
        self.faults = Timeline(self)
        self.kernel.at(self.duration, self.recorder.close_window)
        self.measured = Window(self.kernel, warmup, list(self.nodes.values()), self.client, self.ledger)
        self.client.on_cut = self.cut
        self.now = 0.0
        self.stop = 0.0
        self.halts = 0
        self._halt = self.halt
        self.client.first()

    def watch_data(self, traffic: Any) -> None:
        """Keep versions only when the mix writes, and effect records only when it has effects:
        a read-only run pays nothing for the data layer."""
        mixed = {OP_INDEX[op] for op, w in traffic.mix.items() if w > 0}
        for node in self.nodes.values():
            node.ledger = self.ledger
            if mixed & WRITES:
                node.track_versions()
            if mixed & EFFECTS:
                node.track_effects()
        entry = self.nodes[self.design.entry]  # type: ignore[index]
        unstored = frozenset(op for op in mixed & WRITES if not reaches_data(entry, op))
        reads = bool(mixed & WRITES) and READ in mixed
        unsourced = reads and not reaches_data(entry, READ)
        if reads or unstored:
            self.client.finished_hook = self.ledger.watcher(reads, unstored, unsourced)
        self.degraded = Degraded() if any(n.degrades for n in self.nodes.values()) else None
        if self.degraded is not None:
            self.client.finished_hook = self.degraded.watcher(self.client.finished_hook)
        self.tally = None
        if traffic.hot_client_share > 0.0:  # the well-behaved clients apart from the abuser
            self.tally = ClientTally(self.client.finished_hook)
            self.client.finished_hook = self.tally.finished

    @property
    def anomalies(self) -> dict[str, Any]:
        finished = [sum(c) for c in self.client.outcomes_by_op()]
        if self.degraded is not None:  # a degraded answer is no read of data, consistent or not
            finished = [n - d for n, d in zip(finished, self.degraded.by_op, strict=True)]
        return self.ledger.summary(finished, lambda rec: trace(self, rec))

    @property
    def window(self) -> float:
        """Seconds of traffic: the challenge's duration, or less when requests_limit cut it."""
        cut = self.client.cut_at
        return self.duration if cut is None else min(self.duration, cut)

    @property
    def end_time(self) -> float:
        """When the run ends: the traffic, then time for every request to be answered or time out."""
        return self.window + self.drain

    def run(self, until: float | None = None) -> float:
        """Advance to `until` (the end when None) and return the new simulated time.

        The loop has no test for the end: a halting event at the stop time, ordered after every
        other event at that time, ends it (and is moved sooner when requests_limit cuts the
        traffic, since the end comes sooner then). Nor for an empty heap: the recorder's tick
        is always on it."""
        self.halt_at(self.end_time if until is None else min(until, self.end_time))
        heap = self.kernel.heap
        pop = heappop
        client = self.client
        arrive = client.arrive
        na = client.next_t
        collecting = gc.isenabled()
        gc.disable()  # the hot path makes no reference cycles that outlive a request
        try:
            with contextlib.suppress(Halt):  # the halt event ends the slice
                while True:
                    if na < heap[0][0]:
                        na = arrive(na)
                    else:
                        t, _, fn, arg = pop(heap)
                        fn(t, arg)
        finally:
            client.next_t = na
            if collecting:
                gc.enable()
        self.now = max(self.now, self.stop)
        client.drain(self.now)
        if not self.ended and self.now >= self.end_time:
            self.ended = True
            for node in self.nodes.values():
                node.at_end(self.now)
        return self.now

    def halt_at(self, stop: float) -> None:
        self.stop = stop
        self.halts += 1
        self.kernel.push((stop, HALT_SEQ + self.halts, self._halt, self.halts))

    def halt(self, t: float, which: int) -> None:
        if which == self.halts:  # an earlier run's stop, or one moved sooner, is stale
            raise Halt

    def cut(self, t: float) -> None:
        """requests_limit stopped the traffic at t: close the window, and end sooner."""
        self.kernel.at(t, self.recorder.close_window)
        if self.halts and self.end_time < self.stop:
            self.halt_at(self.end_time)

    def end_traffic(self) -> None:
        """No request begins after the next arrival, as if `requests_limit` were reached there:
        the fast mode's stop once its estimates have settled. Open traffic only."""
        self.client.limit = self.client.started + 1

    def so_far(self) -> Tally:
        """What has finished so far, for estimates over time (playground.core.tally)."""
        return Tally.of(self)

    @property
    def finished(self) -> bool:
        return self.now >= self.end_time

    @property
    def horizon(self) -> HorizonResult | None:
        """The long horizon of failures the challenge asks for (playground.core.horizon), run
        once, apart from the requests and on streams of its own; None when it asks for none."""
        if not hasattr(self, "_horizon"):
            model = self.challenge.availability_model(self.design)
            self._horizon = None if model is None else run_horizon(*model, seed=self.seed)
        return self._horizon

    def result(self) -> RunResult:
        return summarise(self, ENGINE_VERSION)


def simulate(design: Design, challenge: Challenge, seed: int | None = None, *,
             requests_limit: int | None = None, sampled: tuple[int, int] | None = None) -> RunResult:
    sim = Simulation(design, challenge, seed, requests_limit=requests_limit, sampled=sampled)
    sim.run()
    return sim.result()
