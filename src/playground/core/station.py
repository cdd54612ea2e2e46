"""A station: instances with worker slots and a bounded wait queue, the shape shared by services,
databases, replicas, shard partitions, session stores, third parties and queue consumers.

A call takes a worker slot (or waits for one; a full queue rejects it), spends the component's own
time, then makes the component's downstream calls while still holding the slot, and only then
answers. So a slow dependency holds every upstream slot for as long as it is slow. A station that
hands calls on (a proxy, a pipeline stage) frees its slot instead once its own work is done and
passes the call to its one callee, whose answer goes straight to the caller (`hand_on`).

Admission is one algorithm (`admit`) with hooks a kind overrides: `pick` (which instance a call
lands on when no balancer chose one), `refuse` (a call that finds no room), and the event that
ends its own work (`own_done`). A balancer calls `admit` with the instance it picked; a fault
that hangs the station puts a stand-in's `enter` and `admit` in their place (`Node.settle`), and
callers take their shortcuts to them again after each fault, so no caller holds a copy of them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from heapq import heappush
from typing import TYPE_CHECKING, Any

from playground.core.calls import Calls
from playground.core.kernel import (
    ERROR,
    H_ENTER,
    H_OUT,
    H_REQ,
    HOPS,
    OK,
    OPS,
    REJECTED,
    Kernel,
    Node,
    Ret,
    origin,
)
from playground.core.streams import Draws, Scaled


class Instance:
    """One machine (or partition) of a station: its slots and its wait queue."""

    __slots__ = ("alive", "busy", "cpus", "dead", "index", "limit", "queue", "ready", "running", "sessions",
                 "workers")

    def __init__(self, index: int, workers: int, limit: int, cpus: int = 0):
        self.index = index
        self.workers = workers
        self.limit = limit
        self.busy = 0
        self.queue: deque[list] = deque()
        self.cpus = cpus  # CPUs the calls in its slots share for their own work (0: not modelled)
        self.running = 0  # calls on a CPU now
        self.ready: deque[list] = deque()  # calls holding a slot, waiting for a CPU
        self.alive = True  # serving; a crashed instance is replaced by a new one, not yet alive
        self.dead = False  # crashed: its calls still in progress fail when they next wake
        self.sessions: set[int] = set()  # session state held in this instance's memory


class Station(Calls, Node):
    """Instances x workers, a bounded queue per instance, per-operation service time, downstream
    calls in order or in parallel, with optional call timeout, retries and circuit breaker."""

    # What the per-call paths read and write, in slots: a station has more attributes than
    # CPython keeps inline (30), and a slot is cheaper to reach than its instance dict.
    __slots__ = ("_draws", "after", "answered", "bufs", "busy", "cpu_bound", "errors", "heap", "ids", "index",
                 "inst0", "multi", "optional", "route", "sojourn", "waited", "work")

    stranded = 0  # calls in the slots of crashed instances: they are answered when they next wake

    def __init__(self, kernel: Kernel, comp: Any, index: int, *, instances: int, workers: int | None,
                 queue_limit: int | None, draws: list[Draws], vcpus: int | None = None):
        super().__init__(kernel, comp, index)
        self.answered = 0  # counted at every answer; `entered` follows from it
        unlimited = 1 << 62
        self.instances = [Instance(i, workers or unlimited, unlimited if queue_limit is None else queue_limit,
                                   vcpus or 0) for i in range(instances)]
        # With CPUs, a call in a slot also needs one of its instance's CPUs for its own work: more
        # slots than CPUs buy concurrency for waiting on calls, never CPU throughput.
        self.cpu_bound = vcpus is not None
        self.vcpus = None if vcpus is None else vcpus * instances
        self.cpu = 0.0  # CPU-seconds of own work: -t when a call takes a CPU, +t when it leaves it
        self._computed = self.computed
        self.slots = None if workers is None else workers * instances
        self.multi = instances > 1
        self.inst0 = self.instances[0]
        self.per_instance = (self.inst0.workers, self.inst0.limit)
        self.draws = draws  # sets bufs: each operation's buffer of drawn durations
        self.rr = 0
        self.timeout: float | None = None
        self.attempts = 0
        self.backoff = 0.0
        self.jitter: Any = None
        self.breakers: dict[int, Any] | None = None
        self.parallel = False
        self.fallback = False
        self.fallbacks = 0
        self.optional = [tuple(c.optional for c in comp.calls if c.ops is None or op in c.ops) for op in OPS]
        self.careful = False
        self.hands_on = False
        self._own_done = self.own_done
        self._hand_on = self.hand_on
        self._seq_done = self.seq_done
        self._tok_done = self.tok_done
        self._tok_timeout = self.tok_timeout
        self._reissue = self.reissue
        # Per operation: [first callee, who hears its answer], read by the lean own-work event
        # when it runs (an event scheduled before a partition changed the route sees the new one).
        self.firsts: list[list[Any]] = [[None, None] for _ in OPS]
        self.forward = [self.forward_first(cell) for cell in self.firsts]
        self.shortcuts()

    @property
    def entered(self) -> int:  # type: ignore[override]  # a count on Node, derived here
        """Every call it entered it has answered, holds in a slot, or has waiting: so entries
        need no count of their own on the hot path (only answers are counted)."""
        held, waiting = self.level()
        return self.answered + held + waiting + self.stranded

    def turn_away(self, t: float, req: list, ctx: Any, ret: Ret, outcome: int) -> None:
        self.answer_now(t, req, outcome)  # counted as entered by being answered
        ret(t, ctx, outcome)

    # -- configuration -------------------------------------------------------------------
    @property
    def draws(self) -> list[Draws]:
        """Per operation, where its durations come from (a slow-down swaps them)."""
        return self._draws

    @draws.setter
    def draws(self, draws: list[Draws]) -> None:
        self._draws = draws
        self.bufs = [d.buf for d in draws]

    def link(self, nodes: dict[str, Node]) -> None:
        super().link(nodes)
        self.shortcuts()

    # -- counting the calls a requirement asks about ---------------------------------------
    by_op: list[int] | None = None  # calls entered by operation, when a requirement asks
    reports_by_op = True  # False: it counts into another node's list (a replica, its primary's)

    def count_calls_by_op(self, into: list[int] | None = None) -> None:
        """From the next settle, every call admitted is counted by its operation, however it
        arrives (a caller's `enter`, a wire's or a balancer's `admit`); `into`: another node's
        list, which the calls it takes count towards."""
        self.by_op = [0] * len(OPS) if into is None else into
        self.reports_by_op = into is None

    def settle(self) -> None:
        super().settle()
        if self.by_op is not None and self.stand_in is None:
            self.counting_entry()

    def counting_entry(self) -> None:
        """Admission that counts first. An entry that is admission itself counts the same way;
        one of the kind's own (a database routing reads) ends in some node's `admit`."""
        by_op, admit = self.by_op, self.admit
        assert by_op is not None
        plain = self.__dict__.get("enter") == admit or (
            "enter" not in self.__dict__ and origin(type(self).enter) is origin(type(self).admit))

        def counting(t: float, req: list, ctx: Any, ret: Ret, inst: Any = None) -> None:
            by_op[req[1]] += 1
            admit(t, req, ctx, ret, inst)

        self.admit = counting  # type: ignore[method-assign]
        if plain:
            self.enter = counting  # type: ignore[method-assign]

    def gauge(self) -> Any:
        """With a fallback: the answers it has degraded so far (None: it degrades none)."""
        return self.fallbacks if self.fallback else None

    def series(self, gauges: list[Any]) -> dict[str, list[Any]]:
        """With a fallback, the answers it degraded each second (`fallbacks`)."""
        if not self.fallback:
            return {}
        return {"fallbacks": [b - a for a, b in zip([0, *gauges], gauges, strict=False)]}

    def counted(self) -> dict[str, Any]:
        """Its calls by operation, in its results, when it counts them for itself."""
        if self.by_op is None or not self.reports_by_op:
            return {}
        return {"calls_by_op": {op: n for op, n in zip(OPS, self.by_op, strict=True) if n}}

    def relink(self) -> None:
        self.shortcuts()

    def shortcuts(self) -> None:
        """Per operation: the event that ends the own work (straight to release when nothing is
        called), and who hears a lone downstream call's answer (release itself, when no retry,
        timeout, breaker or fallback needs to look at it first)."""
        plain = not (self.careful or self.fallback)
        lean = plain and origin(type(self).own_done) is origin(Station.own_done)  # no kind-specific own_done
        self.after = [self.release if plain and len(calls) == 1 else self._seq_done for calls in self.route]
        for cell, calls, after in zip(self.firsts, self.route, self.after, strict=True):
            if calls:
                cell[:] = calls[0].enter, after  # refreshed by every relink (a fault relinks all)
        if self.hands_on:
            lean_hand = lean and origin(type(self).hand_on) is origin(Station.hand_on)
            step: Callable[[float, list], None] = self._hand_on if lean_hand else self._own_done
            self.work = [step if calls else self.release for calls in self.route]
            return
        self.work = [(fwd if lean else self._own_done) if calls else self.release
                     for calls, fwd in zip(self.route, self.forward, strict=True)]

    # -- arrival: the one admission algorithm ---------------------------------------------
    def pick(self, req: list) -> Instance:
        """The instance a call lands on when no load balancer chose one: round robin."""
        insts = self.instances
        self.rr += 1
        return insts[self.rr % len(insts)]

    def admit(self, t: float, req: list, ctx: Any, ret: Ret, inst: Instance | None = None) -> None:
        """A call arrives at `inst` (a balancer chose it; else the only one, or the one `pick`
        chooses). A free slot starts the call's own work; else the call waits in the
        instance's queue; else it is refused."""
        if inst is None:
            inst = self.pick(req) if self.multi else self.inst0
        if inst.busy < inst.workers:
            inst.busy += 1
            self.busy -= t
            if self.cpu_bound:
                self.compute(t, [req, ctx, ret, self.index, t, t, 0.0, 0, inst, 0, 0, 0])
                return
            op = req[1]
            try:
                s = self.bufs[op].pop()
            except IndexError:  # the block is used up: draw the next
                s = self._draws[op].refill()
            heappush(self.heap, (t + s, next(self.ids), self.work[op],
                                 [req, ctx, ret, self.index, t, t, s, 0, inst, 0, 0, 0]))
        elif len(inst.queue) < inst.limit:
            inst.queue.append([req, ctx, ret, self.index, t, t, 0.0, 0, inst, 0, 0, 0])
            self.waited -= t
        else:
            self.refuse(t, req, ctx, ret, inst)

    if TYPE_CHECKING:
        def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None: ...
    else:
        enter = admit  # a call entering a station is admitted: one algorithm, whoever calls it

    # -- CPU: the own work of a call in a slot, at most `cpus` at a time per instance ------------
    def compute(self, t: float, frame: list) -> None:
        """A call holding a slot takes a free CPU for its own work, or waits for one (in order)."""
        inst = frame[8]
        if inst.running < inst.cpus:
            inst.running += 1
            self.run(t, frame)
        else:
            inst.ready.append(frame)

    def run(self, t: float, frame: list) -> None:
        op = frame[0][1]
        try:
            s = self.bufs[op].pop()
        except IndexError:  # the block is used up: draw the next
            s = self._draws[op].refill()
        frame[5], frame[6] = t, s  # its service starts now: waiting for a slot and a CPU is its wait
        self.cpu -= t
        heappush(self.heap, (t + s, next(self.ids), self._computed, frame))

    def computed(self, t: float, frame: list) -> None:
        """Its own work is done: the CPU goes to the next call waiting for one, and this call goes
        on (to its downstream calls, or its answer) holding its slot but no CPU."""
        inst = frame[8]
        if not inst.dead:  # a crashed instance's CPUs stopped at the crash
            self.cpu += t
            if inst.ready:
                self.run(t, inst.ready.popleft())
            else:
                inst.running -= 1
        self.work[frame[0][1]](t, frame)

    def cpu_total(self, t: float) -> float:
        return self.cpu + sum(i.running for i in self.instances) * t

    def refuse(self, t: float, req: list, ctx: Any, ret: Ret, inst: Instance) -> None:
        """No room at `inst`: a full instance rejects the call; a crashed one (no slots, no
        queue) fails it."""
        outcome = REJECTED if inst.alive else ERROR
        self.answer_now(t, req, outcome)
        ret(t, ctx, outcome)

    # -- own work done: downstream calls ----------------------------------------------------
    def own_done(self, t: float, frame: list) -> None:
        calls = self.route[frame[0][1]]
        if not calls or frame[8].dead:
            self.release(t, frame, OK)
        elif self.hands_on:
            self.hand_on(t, frame)
        elif self.careful:
            self.begin_calls(t, frame, calls)
        else:
            calls[0].enter(t, frame[0], frame, self.after[frame[0][1]])

    def forward_first(self, cell: list[Any]) -> Callable[[float, list], None]:
        """own_done for the lean case (calls in order, nothing to check but a crash), for one
        operation: `cell` holds its first callee and who hears that callee's answer."""

        def call(t: float, frame: list) -> None:
            if frame[8].dead:
                self.release(t, frame, OK)
                return
            enter, after = cell
            enter(t, frame[0], frame, after)

        return call

    def hand_on(self, t: float, frame: list) -> None:
        """Own work done at a station that hands calls on: its part of the call ends here (the
        slot goes to the next in line, the hop is recorded as answered), and the call goes to
        its one callee with the caller's own context, so the callee answers the caller."""
        if frame[8].dead:
            self.release(t, frame, OK)  # the instance crashed under it: it fails here
            return
        ctx, ret = frame[1], frame[2]
        frame[2] = _handed
        self.release(t, frame, OK)
        self.firsts[frame[0][1]][0](t, frame[0], ctx, ret)

    # -- answer: free the slot, serve the next in line ----------------------------------------
    def release(self, t: float, frame: list, outcome: int = OK) -> None:
        inst = frame[8]
        q = inst.queue
        if inst.dead:  # the instance crashed under this call: it fails, its slot is long gone
            outcome = ERROR
            self.stranded -= 1
        elif q:  # the slot passes straight to the next in line
            nxt = q.popleft()
            self.waited += t
            if self.cpu_bound:
                self.compute(t, nxt)
            else:
                nxt[5] = t
                op = nxt[0][1]
                try:
                    s = self.bufs[op].pop()
                except IndexError:  # the block is used up: draw the next
                    s = self._draws[op].refill()
                nxt[6] = s
                heappush(self.heap, (t + s, next(self.ids), self.work[op], nxt))
        else:
            inst.busy -= 1
            self.busy += t
        if outcome:  # a frame's outcome starts as OK
            frame[7] = outcome
            self.errors += 1
        self.answered += 1
        self.sojourn += t - frame[4]
        frame[0][9].append(frame)
        frame[2](t, frame[1], outcome)

    def level(self) -> tuple[int, int]:
        return sum(i.busy for i in self.instances), sum(len(i.queue) for i in self.instances)

    # -- faults ----------------------------------------------------------------------------
    def crash(self, t: float, i: int) -> None:
        """Instance i stops: calls waiting for it fail now, calls in its slots fail when they
        next wake (they are lost with it), its memory is gone. A new, not yet running instance
        takes its place; `recover` starts it."""
        old = self.instances[i]
        if old.dead or not old.alive:
            return
        old.dead, old.alive = True, False
        self.busy += old.busy * t  # its held slots end now ...
        self.stranded += old.busy - len(old.ready)  # ... their calls answered when they next wake
        self.cpu += old.running * t
        self.waited += len(old.queue) * t
        # the calls in its slots waiting for a CPU, and those waiting for a slot, fail now
        waiting, old.queue, old.ready = [*old.ready, *old.queue], deque(), deque()
        old.workers, old.limit = 0, -1
        new = Instance(i, 0, -1, old.cpus)
        new.alive = False
        self.instances[i] = new
        if i == 0:
            self.inst0 = new
        for frame in waiting:
            frame[H_OUT] = ERROR
            self.errors += 1
            self.answered += 1
            self.sojourn += t - frame[H_ENTER]
            frame[H_REQ][HOPS].append(frame)
            frame[2](t, frame[1], ERROR)

    def recover(self, t: float, i: int) -> None:
        inst = self.instances[i]
        if inst.alive:
            return
        inst.alive = True
        inst.workers, inst.limit = self.per_instance

    def instance_indices(self, instance: int | None) -> range | list[int]:
        return range(len(self.instances)) if instance is None else [instance % len(self.instances)]

    def on_crash(self, t: float, instance: int | None, timeline: Any) -> None:
        for i in self.instance_indices(instance):
            self.crash(t, i)

    def on_recover(self, t: float, instance: int | None, timeline: Any) -> None:
        for i in self.instance_indices(instance):
            self.recover(t, i)

    def slow(self, factor: float | None) -> None:
        if factor is None:
            self.draws = self.__dict__.pop("normal_draws", self.draws)
        else:
            self.normal_draws = self.__dict__.get("normal_draws", self.draws)
            self.draws = [Scaled(d, factor) for d in self.normal_draws]

    def extra(self) -> dict[str, Any]:
        return {**({"fallbacks": self.fallbacks} if self.fallback else {}), **self.counted()}


def _handed(t: float, ctx: Any, outcome: int) -> None:
    """Who hears a handed-on call's own part end: nobody (its callee answers the caller)."""
