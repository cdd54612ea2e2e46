"""A station: instances with worker slots and a bounded wait queue, the shape shared by services,
databases, replicas, shard partitions, session stores, third parties and queue consumers.

A call takes a worker slot (or waits for one; a full queue rejects it), spends the component's own
time, then makes the component's downstream calls while still holding the slot, and only then
answers. So a slow dependency holds every upstream slot for as long as it is slow.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from heapq import heappush
from typing import Any

from playground.core.breaker import Breaker
from playground.core.kernel import (
    ERROR,
    OK,
    OP,
    OPS,
    READ,
    REJECTED,
    TIMEOUT,
    Blackhole,
    Kernel,
    Node,
    Ret,
    origin,
)
from playground.core.streams import Draws, Scaled

# A station's frame: the hop fields (kernel.H_*), then the instance and the call state.
S_INST, S_STEP, S_PEND, S_FAIL = 8, 9, 10, 11


class Instance:
    """One machine (or partition) of a station: its slots and its wait queue."""

    __slots__ = ("alive", "busy", "dead", "index", "limit", "queue", "sessions", "workers")

    def __init__(self, index: int, workers: int, limit: int):
        self.index = index
        self.workers = workers
        self.limit = limit
        self.busy = 0
        self.queue: deque[list] = deque()
        self.alive = True  # serving; a crashed instance is replaced by a new one, not yet alive
        self.dead = False  # crashed: its calls still in progress fail when they next wake
        self.sessions: set[int] = set()  # session state held in this instance's memory


def enters_plainly(node: Node) -> bool:
    """Whether a call into node is a single instance's Station.enter (no routing, no queue of
    messages, no fault's stand-in): a caller may then run that entry inline."""
    if not isinstance(node, Station) or node.multi:
        return False
    return origin(getattr(node.enter, "__func__", None)) is origin(Station.enter)


class Station(Node):
    """Instances x workers, a bounded queue per instance, per-operation service time, downstream
    calls in order or in parallel, with optional call timeout, retries and circuit breaker.

    Its answered calls are not counted but derived (see `answered`): every call it enters is
    answered, held in a slot or waiting, so a count per call is saved on the hot path."""

    # What the per-call paths read and write, in slots: a station has more attributes than
    # CPython keeps inline (30), and a slot is cheaper to reach than its instance dict.
    __slots__ = ("_draws", "after", "bufs", "busy", "entered", "errors", "heap", "ids", "index", "inst0",
                 "multi", "route", "sojourn", "waited", "work")

    stranded = 0  # calls in the slots of crashed instances: they fail when they next wake
    refused = 0  # calls answered without being entered (a queue refusing an enqueue does so)

    def __init__(self, kernel: Kernel, comp: Any, index: int, *, instances: int, workers: int | None,
                 queue_limit: int | None, draws: list[Draws]):
        super().__init__(kernel, comp, index)
        unlimited = 1 << 62
        self.instances = [Instance(i, workers or unlimited, unlimited if queue_limit is None else queue_limit)
                          for i in range(instances)]
        self.slots = None if workers is None else workers * instances
        self.multi = instances > 1
        self.inst0 = self.instances[0]
        self.per_instance = (self.inst0.workers, self.inst0.limit)
        self.draws = draws  # sets bufs: each operation's buffer of drawn durations
        self.rr = 0
        self.timeout: float | None = None
        self.attempts = 0
        self.backoff = 0.0
        self.jitter: random.Random | None = None
        self.breakers: dict[int, Breaker] | None = None
        self.parallel = False
        self.fallback = False
        self.fallbacks = 0
        self.careful = False
        self._own_done = self.own_done
        self._seq_done = self.seq_done
        self._tok_done = self.tok_done
        self._tok_timeout = self.tok_timeout
        self._reissue = self.reissue
        # Per operation: [first callee, who hears it, whether its entry may run inline], read by
        # the lean own_done when it runs (an event scheduled before a partition changed the route
        # must see the new route).
        self.firsts: list[list[Any]] = [[None, None, False] for _ in OPS]
        self.forward = [self.call_first(cell) for cell in self.firsts]
        self.shortcuts()

    @property  # type: ignore[override]
    def answered(self) -> int:
        held, waiting = self.level()
        return self.entered + self.refused - held - waiting - self.stranded

    @answered.setter
    def answered(self, n: int) -> None:
        """Nothing to keep: Node.__init__ starts it at 0, and it is derived from then on."""

    def answer_now(self, t: float, req: list, outcome: int) -> None:
        """A call answered on arrival: its hop; the answer itself is counted by `answered`."""
        if outcome:
            self.errors += 1
        req[9].append((None, None, None, self.index, t, t, 0.0, outcome, None))  # hop(), inlined

    # -- configuration -------------------------------------------------------------------
    @property
    def draws(self) -> list[Draws]:
        """Per operation, where its durations come from (a slow-down swaps them)."""
        return self._draws

    @draws.setter
    def draws(self, draws: list[Draws]) -> None:
        self._draws = draws
        self.bufs = [d.buf for d in draws]

    def resilience(self, *, timeout_ms: float | None, retry: Any, breaker: Any, parallel: bool,
                   fallback: bool) -> None:
        self.timeout = None if timeout_ms is None else timeout_ms / 1000.0
        if retry is not None:
            self.attempts, self.backoff = retry.attempts, retry.backoff_ms / 1000.0
            self.jitter = random.Random(f"{self.kernel.seed}/retry:{self.id}") if retry.jitter else None
        if breaker is not None:
            self._breaker_cfg = (breaker.failure_ratio, breaker.window, breaker.open_s)
            self.breakers = {}
        self.parallel = parallel
        self.fallback = fallback
        # Calls made in order with no timeout, retry or breaker take the lean path.
        self.careful = bool(self.timeout or self.attempts or self.breakers is not None or parallel)
        self.shortcuts()

    def link(self, nodes: dict[str, Node]) -> None:
        super().link(nodes)
        self.shortcuts()

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
                cell[:] = calls[0], after, not self.kernel.hangs and enters_plainly(calls[0])
        self.work = [(fwd if lean else self._own_done) if calls else self.release
                     for calls, fwd in zip(self.route, self.forward, strict=True)]

    # -- arrival ---------------------------------------------------------------------------
    def pick(self, req: list) -> Instance:
        """The instance a call lands on when no load balancer chose one: round robin."""
        insts = self.instances
        self.rr += 1
        return insts[self.rr % len(insts)]

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        if self.multi:
            self.admit(t, req, ctx, ret, self.pick(req))
            return
        inst = self.inst0  # admit()'s body, inlined: a single instance's entry is the hottest path
        self.entered += 1
        if inst.busy < inst.workers:
            inst.busy += 1
            self.busy -= t
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
            self.entered -= 1
            self.admit(t, req, ctx, ret, inst)

    def admit(self, t: float, req: list, ctx: Any, ret: Ret, inst: Instance) -> None:
        self.entered += 1
        if inst.busy < inst.workers:
            inst.busy += 1
            self.busy -= t
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
        else:  # no room; a crashed instance (no slots, no queue) refuses every call
            outcome = REJECTED if inst.alive else ERROR
            self.errors += 1  # answer_now(), inlined: a quarter of the reference network's calls
            req[9].append((None, None, None, self.index, t, t, 0.0, outcome, None))
            ret(t, ctx, outcome)

    # -- own work done: downstream calls ----------------------------------------------------
    def own_done(self, t: float, frame: list) -> None:
        calls = self.route[frame[0][1]]
        if not calls or frame[8].dead:
            self.release(t, frame, OK)
        elif self.careful:
            self.begin_calls(t, frame, calls)
        else:
            calls[0].enter(t, frame[0], frame, self.after[frame[0][1]])

    def call_first(self, cell: list[Any]) -> Callable[[float, list], None]:
        """own_done for the lean case (calls in order, nothing to check but a crash), for one
        operation: cell holds its first callee, who hears that callee's answer, and whether the
        callee's entry is a single instance's Station.enter, which then runs here, inline."""
        heap, ids = self.heap, self.ids

        def call(t: float, frame: list) -> None:
            if frame[8].dead:
                self.release(t, frame, OK)
                return
            callee, after, inline = cell
            req = frame[0]
            if not inline:
                callee.enter(t, req, frame, after)
                return
            # Station.enter's body, inlined (a deliberate copy, kept in step with it): the own
            # work done and the call into the next station are one Python call, not two.
            inst = callee.inst0
            callee.entered += 1
            if inst.busy < inst.workers:
                inst.busy += 1
                callee.busy -= t
                op = req[1]
                try:
                    s = callee.bufs[op].pop()
                except IndexError:  # the block is used up: draw the next
                    s = callee.draws[op].refill()
                heappush(heap, (t + s, next(ids), callee.work[op],
                                [req, frame, after, callee.index, t, t, s, 0, inst, 0, 0, 0]))
            elif len(inst.queue) < inst.limit:
                inst.queue.append([req, frame, after, callee.index, t, t, 0.0, 0, inst, 0, 0, 0])
                callee.waited -= t
            else:  # no room; a crashed instance (no slots, no queue) refuses every call
                outcome = REJECTED if inst.alive else ERROR
                callee.errors += 1
                req[9].append((None, None, None, callee.index, t, t, 0.0, outcome, None))  # hop(), inlined
                after(t, frame, outcome)

        return call

    def seq_done(self, t: float, frame: list, outcome: int) -> None:
        if outcome:
            self.failed(t, frame, outcome)
            return
        step = frame[S_STEP] + 1
        calls = self.route[frame[0][1]]
        if step < len(calls):
            frame[S_STEP] = step
            calls[step].enter(t, frame[0], frame, self._seq_done)
        else:
            self.release(t, frame, OK)

    def begin_calls(self, t: float, frame: list, calls: tuple[Node, ...]) -> None:
        if self.parallel:
            frame[S_PEND] = len(calls)
            for i in range(len(calls)):
                self.issue(t, frame, i, 0)
        else:
            self.issue(t, frame, 0, 0)

    def issue(self, t: float, frame: list, idx: int, tries: int) -> None:
        req = frame[0]
        callee = self.route[req[OP]][idx]
        if self.breakers is not None:
            br = self.breakers.get(callee.index)
            if br is None:
                br = self.breakers[callee.index] = Breaker(*self._breaker_cfg)
            if not br.allow(t):
                self.settled(t, frame, idx, ERROR)
                return
        tok = [frame, idx, tries, True, callee.index]
        callee.enter(t, req, tok, self._tok_done)
        if self.timeout and tok[3]:
            heappush(self.heap, (t + self.timeout, self.seq(), self._tok_timeout, tok))

    def tok_done(self, t: float, tok: list, outcome: int) -> None:
        if tok[3]:
            tok[3] = False
            self.tried(t, tok, outcome)

    def tok_timeout(self, t: float, tok: list) -> None:
        if tok[3]:
            tok[3] = False
            self.tried(t, tok, TIMEOUT)

    def tried(self, t: float, tok: list, outcome: int) -> None:
        frame, idx, tries = tok[0], tok[1], tok[2]
        if self.breakers is not None:
            self.breakers[tok[4]].record(t, not outcome)
        if outcome and tries < self.attempts:
            wait = self.backoff * (1 << tries)
            if self.jitter is not None:
                wait *= self.jitter.random()
            heappush(self.heap, (t + wait, self.seq(), self._reissue, (frame, idx, tries + 1)))
        else:
            self.settled(t, frame, idx, outcome)

    def reissue(self, t: float, arg: tuple[list, int, int]) -> None:
        self.issue(t, *arg)

    def settled(self, t: float, frame: list, idx: int, outcome: int) -> None:
        """A downstream call is over, retries included."""
        if self.parallel:
            if outcome and not frame[S_FAIL]:
                frame[S_FAIL] = outcome
            frame[S_PEND] -= 1
            if frame[S_PEND] == 0:
                if frame[S_FAIL]:
                    self.failed(t, frame, frame[S_FAIL])
                else:
                    self.release(t, frame, OK)
        elif outcome:
            self.failed(t, frame, outcome)
        elif idx + 1 < len(self.route[frame[0][OP]]):
            frame[S_STEP] = idx + 1
            self.issue(t, frame, idx + 1, 0)
        else:
            self.release(t, frame, OK)

    def failed(self, t: float, frame: list, outcome: int) -> None:
        """A dependency failed for good: answer a read with the fallback, or pass the failure up
        (a dependency's timeout is this component's error)."""
        if self.fallback and frame[0][OP] == READ:
            self.fallbacks += 1
            self.release(t, frame, OK)
        else:
            self.release(t, frame, ERROR if outcome == TIMEOUT else outcome)

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
        self.busy += old.busy * t  # its held slots end now
        self.stranded += old.busy  # ... but their calls are answered only when they next wake
        self.waited += len(old.queue) * t
        waiting, old.queue = list(old.queue), deque()
        old.workers, old.limit = 0, -1
        new = Instance(i, 0, -1)
        new.alive = False
        self.instances[i] = new
        if i == 0:
            self.inst0 = new
        for frame in waiting:
            frame[7] = ERROR
            self.errors += 1
            self.sojourn += t - frame[4]
            frame[0][9].append(frame)
            frame[2](t, frame[1], ERROR)

    def recover(self, t: float, i: int) -> None:
        inst = self.instances[i]
        if inst.alive:
            return
        inst.alive = True
        inst.workers, inst.limit = self.per_instance

    # -- faults as they strike a station --------------------------------------------------
    def instance_indices(self, instance: int | None) -> range | list[int]:
        return range(len(self.instances)) if instance is None else [instance % len(self.instances)]

    def on_crash(self, t: float, instance: int | None, timeline: Any) -> None:
        for i in self.instance_indices(instance):
            self.crash(t, i)

    def on_recover(self, t: float, instance: int | None, timeline: Any) -> None:
        for i in self.instance_indices(instance):
            self.recover(t, i)

    def hang(self) -> None:
        hole = Blackhole(self)
        self.enter = hole.enter  # type: ignore[method-assign]
        self.admit = hole.admit  # type: ignore[method-assign]

    def slow(self, factor: float | None) -> None:
        if factor is None:
            self.draws = self.__dict__.pop("normal_draws", self.draws)
        else:
            self.normal_draws = self.__dict__.get("normal_draws", self.draws)
            self.draws = [Scaled(d, factor) for d in self.normal_draws]

    def extra(self) -> dict[str, Any]:
        return {"fallbacks": self.fallbacks} if self.fallback else {}
