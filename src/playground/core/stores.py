"""Stations with a twist: a database that routes reads, a sharded store, a third party that
fails at a rate, and a queue whose producers do not wait for its consumers."""

from __future__ import annotations

from typing import Any

from playground.core.balancer import mix
from playground.core.kernel import (
    ERROR,
    HOPS,
    KEY,
    OK,
    OP,
    READ,
    REJECTED,
    SESSION,
    SINK,
    Kernel,
    Node,
    Ret,
    hop,
)
from playground.core.station import Instance, Station
from playground.core.streams import stream


class Database(Station):
    """A primary. Reads go to the primary, spread over its replicas, or, with read_your_writes,
    to the primary for a session that wrote within the window and to a replica otherwise."""

    kind = "database"

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.read_from: str = comp.read_from
        self.window = comp.read_your_writes_window_s
        self.replicas: list[Station] = []
        self.last_write: dict[int, float] = {}  # session -> time its latest write was acknowledged
        self.to_replicas = 0
        self.rr_replica = 0

    def link(self, nodes: dict[str, Node]) -> None:
        super().link(nodes)
        self.replicas = [n for n in nodes.values() if n.kind == "replica" and n.comp.of == self.id]
        if self.read_from == "primary" or not self.replicas:
            self.enter = super().enter  # type: ignore[method-assign]
        if self.read_from != "read_your_writes":
            self.release = super().release  # type: ignore[method-assign]
            self.shortcuts()

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        if req[OP] == READ and self.replicas and self.read_from != "primary" and (
            self.read_from == "replicas" or t - self.last_write.get(req[SESSION], -1e18) > self.window
        ):
            self.to_replicas += 1
            self.rr_replica += 1
            self.replicas[self.rr_replica % len(self.replicas)].enter(t, req, ctx, ret)
            return
        self.admit(t, req, ctx, ret, self.instances[0])

    def release(self, t: float, frame: list, outcome: int = OK) -> None:
        req = frame[0]
        if not outcome and req[OP] != READ:
            self.last_write[req[SESSION]] = t
        super().release(t, frame, outcome)

    def extra(self) -> dict[str, Any]:
        return {"reads_to_replicas": self.to_replicas}


class Shard(Station):
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
    """A third party: unlimited concurrency, its own latency, and a share of calls that fail."""

    kind = "external"

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.error_rate = comp.error_rate
        self.fail_rng = stream(kernel.seed, f"errors:{comp.id}").random
        self.shortcuts()

    def shortcuts(self) -> None:
        super().shortcuts()
        if getattr(self, "error_rate", 0.0):  # every call must pass the error draw in own_done
            self.work = [self._own_done] * len(self.work)

    def own_done(self, t: float, frame: list) -> None:
        if self.error_rate and self.fail_rng() < self.error_rate:
            self.release(t, frame, ERROR)
        else:
            super().own_done(t, frame)


class Queue(Station):
    """A broker: a producer's enqueue is answered at once (or rejected when the backlog is full);
    consumer workers take messages in order, spend consumer_time, and make the queue's calls.
    A message whose processing fails is delivered again after the visibility timeout
    (at_least_once) or dropped (at_most_once). Waiting time in the backlog is the message age."""

    kind = "queue"

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.capacity = comp.capacity
        self.at_least_once = comp.delivery == "at_least_once"
        self.visibility = comp.visibility_timeout_s
        self.accepted = 0
        self.refused = 0
        self.acked = 0
        self.redelivered = 0
        self.dropped = 0
        self._consumed = self.consumed
        self._deliver = self.deliver

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
        ret(t, ctx, OK)
        self.admit(t, message, message, self._consumed, inst)

    def consumed(self, t: float, message: list, outcome: int) -> None:
        message[HOPS] = SINK
        if not outcome:
            self.acked += 1
        elif self.at_least_once:
            self.kernel.at(t + self.visibility, self._deliver, message)
        else:
            self.dropped += 1

    def deliver(self, t: float, message: list) -> None:
        """A failed message becomes visible again and goes to the back of the backlog."""
        inst = self.instances[0]
        if inst.busy >= inst.workers and len(inst.queue) >= self.capacity:
            self.dropped += 1
            return
        self.redelivered += 1
        again = message[:]
        again[HOPS] = []
        self.admit(t, again, again, self._consumed, inst)

    def extra(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "refused": self.refused, "acked": self.acked,
                "redelivered": self.redelivered, "dropped": self.dropped,
                "backlog": len(self.instances[0].queue)}
