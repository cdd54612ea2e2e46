"""A message queue: producers hand work over and return at once; consumer workers drain it,
delivering at least once (a redelivery after the visibility timeout) or at most once."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from playground.core.build import per_op
from playground.core.kernel import (
    ABANDONED,
    DONE,
    HOPS,
    LIVE,
    OK,
    REJECTED,
    SINK,
    STATE,
    Kernel,
    Node,
    Ret,
    hop,
)
from playground.core.physics import Physics
from playground.core.station import Station
from playground.formats.base import Timing, timing
from playground.kinds.base import STATION_CPUS, ComponentBase, Price, machines


class Queue(ComponentBase):
    """A broker with consumer workers: producers return at once, consumers drain its calls."""

    new_id = "queue"
    mermaid = ("[/", "/]")
    dot = "cds"
    keeps = "messages"
    billed = "consumers"

    price = Price(
        what="consumer hosts running the queue's consumer workers; the broker itself is managed",
        per_hour={"small": 0.05, "medium": 0.1, "large": 0.2, "xlarge": 0.4},
        capacity="consumer workers",
        per_machine={"small": 8, "medium": 16, "large": 32, "xlarge": 64},
        per_million_requests=0.4,
    )

    catalog = machines(STATION_CPUS)
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "consumer_time": "a consumer's work is the application's (world.consume): choose consumers and size instead",
    }

    roles = frozenset({"queue"})
    kind: Literal["queue"]
    capacity: int = Field(10_000, ge=1, le=100_000_000, description="Messages held at most.")
    consumers: int = Field(4, ge=1, le=10_000, description="Consumer workers.")
    consumer_time: Timing = timing(20.0)
    delivery: Literal["at_least_once", "at_most_once"] = "at_least_once"
    visibility_timeout_s: Annotated[float, Field(gt=0, le=43_200)] = Field(
        30.0, description="Seconds before an unacknowledged message is delivered again."
    )
    idempotent_consumer: bool = Field(
        False, description="Consumers skip messages they have already applied."
    )

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        work = physics.timing(self, "consumer_time", self.consumer_time)
        return QueueNode(kernel, self, index, instances=1, workers=self.consumers, queue_limit=None,
                         draws=per_op(kernel, self.id, lambda op: work), vcpus=physics.vcpus(self, None))

    def concurrency(self) -> tuple[int, str] | None:
        return self.consumers, "consumers"

    def cause(self, anomaly: str, evidence: Any) -> str | None:
        if anomaly != "duplicate_side_effect" or self.delivery != "at_least_once":
            return None
        if not self.idempotent_consumer:
            return "a redelivered message is applied again: consumers are not idempotent"
        return (f"a message still being worked on is delivered again after the "
                f"{self.visibility_timeout_s:g} s visibility timeout, and both deliveries apply it")


class QueueNode(Station):
    """A broker: a producer's enqueue is answered at once (or rejected when the backlog is full);
    consumer workers take messages in order, spend consumer_time, and make the queue's calls.

    at_least_once: a message not acknowledged within visibility_timeout_s of a consumer taking
    it (slow, or failed) is delivered again, so it may be processed twice; an idempotent
    consumer skips a message it has already processed. at_most_once: a failed message is
    dropped. Waiting time in the backlog is the message age."""

    reads_end = False  # it answers an enqueue at once: a read stops here with nothing read

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

    def series(self, gauges: list[Any]) -> dict[str, list[Any]]:
        """Messages waiting at each second's end."""
        return {"backlog": list(gauges)}

    def redelivery_s(self) -> float:
        return self.visibility

    # a crashed broker refuses every message, as any component that is down; its consumers'
    # messages are not lost with it (the broker keeps them), so its stations are left alone
    on_crash = Node.on_crash
    on_recover = Node.on_recover

    def forget(self, horizon: float) -> None:
        if len(self.processed) > self.compact_at:
            self.processed = {k: v for k, v in self.processed.items() if v >= horizon}
            self.compact_at = 2 * len(self.processed) + 4096

    def extra(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "refused": self.refused, "acked": self.acked,
                "redelivered": self.redelivered, "dropped": self.dropped, "skipped": self.skipped,
                "backlog": len(self.instances[0].queue)}
