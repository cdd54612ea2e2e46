"""Stations with a twist: a sharded store, a third party that fails at a rate, and a queue
whose producers do not wait for its consumers."""

from __future__ import annotations

from typing import Any

from playground.core.balancer import mix
from playground.core.database import Store
from playground.core.kernel import (
    ABANDONED,
    DONE,
    EFFECTS,
    ERROR,
    HOPS,
    KEY,
    LIVE,
    OK,
    REJECTED,
    SINK,
    STATE,
    Kernel,
    Ret,
    hop,
)
from playground.core.station import Instance, Station
from playground.core.streams import stream


class Shard(Store):
    """Partitions, each its own instance with its own workers; a key always lands on the same
    one (by hash, or by range of the key space), so a hot key overloads its partition only."""

    kind = "shard"

    def __init__(self, kernel: Kernel, comp: Any, index: int, *, keys: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.by_range = comp.partition_by == "range"
        self.keys = keys
        self.calls_by_partition = [0] * len(self.instances)

    def pick(self, req: list) -> Instance:
        n = len(self.instances)
        i = min(req[KEY] * n // self.keys, n - 1) if self.by_range else mix(req[KEY]) % n
        self.calls_by_partition[i] += 1
        return self.instances[i]

    def extra(self) -> dict[str, Any]:
        return {"calls_by_partition": list(self.calls_by_partition)}


class External(Station):
    """A third party: unlimited concurrency, its own latency, and a share of calls that fail.
    A charge or an email it completes is a side effect; the ledger counts repeats."""

    kind = "external"

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.error_rate = comp.error_rate
        self.fail_rng = stream(kernel.seed, f"errors:{comp.id}").random
        self.effects = False
        self.shortcuts()

    def track_effects(self) -> None:
        self.effects = True
        self.shortcuts()

    def shortcuts(self) -> None:
        super().shortcuts()
        if getattr(self, "error_rate", 0.0) or getattr(self, "effects", False):
            self.work = [self._own_done] * len(self.work)  # every call passes own_done

    def own_done(self, t: float, frame: list) -> None:
        if self.error_rate and self.fail_rng() < self.error_rate:
            self.release(t, frame, ERROR)
            return
        if self.effects and frame[0][1] in EFFECTS:
            self.ledger.applied(t, frame[0], self.index)
        super().own_done(t, frame)


class Queue(Station):
    """A broker: a producer's enqueue is answered at once (or rejected when the backlog is full);
    consumer workers take messages in order, spend consumer_time, and make the queue's calls.

    at_least_once: a message not acknowledged within visibility_timeout_s of a consumer taking
    it (slow, or failed) is delivered again, so it may be processed twice; an idempotent
    consumer skips a message it has already processed. at_most_once: a failed message is
    dropped. Waiting time in the backlog is the message age."""

    kind = "queue"

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.capacity = comp.capacity
        self.at_least_once = comp.delivery == "at_least_once"
        self.visibility = comp.visibility_timeout_s
        self.idempotent = comp.idempotent_consumer
        self.processed: dict[int, float] = {}  # request id -> when its message was processed
        self.compact_at = 4096
        self.accepted = 0
        self.refused = 0
        self.acked = 0
        self.redelivered = 0
        self.dropped = 0
        self.skipped = 0
        self._consumed = self.consumed
        self._deliver = self.deliver
        self.shortcuts()

    def shortcuts(self) -> None:
        super().shortcuts()
        self.work = [self._own_done] * len(self.work)  # every message passes own_done

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        inst = self.instances[0]
        if inst.busy >= inst.workers and len(inst.queue) >= self.capacity:
            self.refused += 1
            self.answer_now(t, req, REJECTED)
            ret(t, ctx, REJECTED)
            return
        self.accepted += 1
        req[HOPS].append(hop(self.index, t, OK))
        message = req[:]
        message[HOPS] = []  # a message outlives its request; its hops are not the request's
        message[STATE] = LIVE
        ret(t, ctx, OK)
        self.admit(t, message, message, self._consumed, inst)

    def own_done(self, t: float, frame: list) -> None:
        """A consumer has worked on the message; it now makes the queue's calls."""
        message = frame[0]
        if self.idempotent and message[0] in self.processed:
            self.skipped += 1
            self.release(t, frame, OK)
            return
        if self.at_least_once:
            self.kernel.at(max(t, frame[5] + self.visibility), self._deliver, message)
        super().own_done(t, frame)

    def consumed(self, t: float, message: list, outcome: int) -> None:
        message[HOPS] = SINK
        if not outcome:
            self.acked += 1
            if message[STATE] == LIVE:
                message[STATE] = DONE
            if self.idempotent:
                self.processed[message[0]] = t
        elif not self.at_least_once:
            self.dropped += 1
        # at_least_once: the visibility timer set in own_done delivers it again

    def deliver(self, t: float, message: list) -> None:
        """The visibility timeout passed: unless acknowledged, the message is visible again."""
        if message[STATE] != LIVE:
            return
        message[STATE] = ABANDONED
        inst = self.instances[0]
        if inst.busy >= inst.workers and len(inst.queue) >= self.capacity:
            self.dropped += 1
            return
        self.redelivered += 1
        again = message[:]
        again[HOPS] = []
        again[STATE] = LIVE
        self.admit(t, again, again, self._consumed, inst)

    def gauge(self) -> int:
        return len(self.instances[0].queue)

    def forget(self, horizon: float) -> None:
        if len(self.processed) > self.compact_at:
            self.processed = {k: v for k, v in self.processed.items() if v >= horizon}
            self.compact_at = 2 * len(self.processed) + 4096

    def extra(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "refused": self.refused, "acked": self.acked,
                "redelivered": self.redelivered, "dropped": self.dropped, "skipped": self.skipped,
                "backlog": len(self.instances[0].queue)}
