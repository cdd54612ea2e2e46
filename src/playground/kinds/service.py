"""A service: API instances with worker slots, and how they call their dependencies."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from playground.core.build import per_op
from playground.core.kernel import EFFECTS, ERROR, OK, Kernel, Node
from playground.core.physics import Physics
from playground.core.station import Station
from playground.formats.base import (
    OPERATIONS,
    Fraction,
    Millis,
    Operation,
    StrictModel,
    Timing,
    timing,
)
from playground.kinds.base import STATION_CPUS, Call, Check, ComponentBase, Price, machines


class Retry(StrictModel):
    """Retries of a failed or timed-out downstream call."""

    attempts: int = Field(2, ge=0, le=10, description="Extra attempts after the first.")
    backoff_ms: Millis = Field(50.0, description="Wait before the first retry, doubled each time.")
    jitter: bool = Field(True, description="Randomise each wait by up to its full length.")


class CircuitBreaker(StrictModel):
    """Stops calling a failing dependency for a while instead of waiting on it."""

    failure_ratio: Fraction = Field(0.5, description="Failure share over the window that opens it.")
    window: int = Field(20, ge=1, le=10_000, description="Number of recent calls judged.")
    open_s: Annotated[float, Field(gt=0, le=3600)] = Field(
        5.0, description="Seconds it stays open before letting a trial call through."
    )


class Service(ComponentBase):
    """API instances; each has worker slots held for the whole of a request, downstream calls included."""

    new_id = "api"
    drawn_short = "svc"
    billed = "workers"

    price = Price(
        what="an application server (VM or container host)",
        per_hour={"small": 0.05, "medium": 0.1, "large": 0.2, "xlarge": 0.4},
        capacity="worker slots",
        per_machine={"small": 32, "medium": 64, "large": 128, "xlarge": 256},
    )

    catalog = machines(STATION_CPUS)
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "service_time": "the application's work is the challenge's (world.work): choose its size (CPUs), instances and worker slots instead",
        "op_service_time": "the application's work is the challenge's (world.work): choose its size (CPUs), instances and worker slots instead",
        "vcpus": "a machine's CPUs come with its size: choose size",
    }

    roles = frozenset({"service"})
    kind: Literal["service"]
    instances: int = Field(1, ge=1, le=1000, description="Number of instances.")
    workers: int = Field(8, ge=1, le=10_000, description="Worker slots per instance.")
    vcpus: int | None = Field(
        None, ge=1, le=1024,
        description="CPUs of one instance (free play only; a challenge's world gives them by size). "
        "Calls in worker slots share them for their own work; none: as many as the slots.",
    )
    queue_limit: int = Field(
        100, ge=0, le=1_000_000,
        description="Requests that may wait for a worker, per instance; beyond it they are rejected. "
        "0 means no waiting at all.",
    )
    service_time: Timing = timing(5.0)
    op_service_time: dict[Operation, Timing] = Field(
        default_factory=dict, description="Per-operation service time, overriding service_time."
    )
    parallel_calls: bool = Field(False, description="Make downstream calls at once, not in order.")
    call_timeout_ms: Millis | None = Field(
        None, description="Give up on a downstream call after this long (none: wait forever)."
    )
    retry: Retry | None = Field(None, description="Retry failed downstream calls.")
    circuit_breaker: CircuitBreaker | None = None
    fallback: bool = Field(
        False, description="Answer a read without its optional calls when one of them fails (a degraded "
        "answer); a failure of any other call still fails the read.",
    )
    idempotency_keys: bool = Field(
        False, description="Remember request keys so a retried charge is applied once."
    )
    hand_on: bool = Field(
        False,
        description="Hand each request on, as a proxy or a pipeline stage does: do its own work, pass "
        "the request to its one downstream call and free the worker slot at once; the callee "
        "answers the caller. Off: the slot is held until the downstream answer comes back.",
    )
    sessions: Literal["none", "memory", "store"] = Field(
        "none",
        description="Where user session state lives: nowhere, in the instance's memory "
        "(lost on crash or when the session moves), or in a session_store it calls.",
    )

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        times = per_op(kernel, self.id, lambda op: physics.work(self, op, self.op_service_time.get(op, self.service_time)))
        stateful = self.idempotency_keys or self.sessions == "memory"
        node = (ServiceNode if stateful else Station)(kernel, self, index, instances=self.instances,
                                                      workers=self.workers, queue_limit=self.queue_limit,
                                                      draws=times, vcpus=physics.vcpus(self, self.vcpus))
        node.resilience(timeout_ms=self.call_timeout_ms, retry=self.retry, breaker=self.circuit_breaker,
                        parallel=self.parallel_calls, fallback=self.fallback, hand_on=self.hand_on)
        return node

    @model_validator(mode="after")
    def _hand_on_alone(self) -> Service:
        """A station that has handed a call on no longer sees its answer: nothing that watches
        the answer (a timeout, retries, a breaker, a fallback, parallel calls, an idempotency
        key applied on success) can go with it."""
        if self.hand_on:
            watching = [name for name, on in (
                ("parallel_calls", self.parallel_calls), ("call_timeout_ms", self.call_timeout_ms is not None),
                ("retry", self.retry is not None), ("circuit_breaker", self.circuit_breaker is not None),
                ("fallback", self.fallback), ("idempotency_keys", self.idempotency_keys)) if on]
            if watching:
                raise ValueError(f"hand_on passes requests on without waiting for their answer, so "
                                 f"{', '.join(watching)} cannot go with it")
        return self

    def attributes_read(self) -> frozenset[str]:
        return frozenset({"session"}) if self.sessions == "memory" else frozenset()

    def checks(self, design: Any) -> Iterator[Check]:
        if self.sessions == "store" and not any(
            getattr(_callee(design, call.to), "keeps", None) == "sessions" for call in self.calls
        ):
            yield (("sessions",), "sessions: store needs a call to a session_store", None, "error")
        if self.hand_on:
            for op in OPERATIONS:
                callees = [c.to for c in self.calls if c.ops is None or op in c.ops]
                if len(callees) > 1:
                    yield (("calls",), f"hand_on passes a {op} to one callee, but it calls {', '.join(callees)}",
                           "give each operation one call (ops: [...]), or turn hand_on off", "error")
                    break
        if self.fallback and not any(call.optional for call in self.calls):
            yield (("fallback",), "a fallback needs a call marked optional: only what a read can do without "
                   "may fail into a degraded answer", "mark that call `optional: true`, or drop the fallback",
                   "error")

    def keeps_sessions_in_store(self) -> bool:
        return self.sessions == "store"

    def instance_count(self) -> int:
        return self.instances

    def smaller(self, d: int, least: int) -> ComponentBase | str:
        return self.divided("instances", d, least)

    def needed_up(self) -> int:
        return 1  # its instances are interchangeable: any one answers

    def answers_without(self, call: Call) -> bool:
        return self.fallback and call.optional

    def concurrency(self) -> tuple[int, str] | None:
        return self.instances * self.workers, "worker slots"

    def copies(self) -> tuple[int, str]:
        return self.instances, "instance"

    def cause(self, anomaly: str, evidence: Any) -> str | None:
        retried = self.retry is not None or evidence.challenge.traffic.client.retries > 0
        if anomaly == "duplicate_side_effect" and not self.idempotency_keys and retried:
            return "a retried charge is applied again: no idempotency keys"
        if anomaly == "lost_session" and self.sessions == "memory":
            return "sessions live in one instance's memory (sessions: memory)"
        return None

    def waiting_note(self, downstream: list[Any]) -> str:
        if self.call_timeout_ms is None and any(c.applies_effects for c in downstream):
            return "; it waits on a third party with no call timeout"
        return ""


def _callee(design: Any, cid: str) -> Any:
    return next((c for c in design.components if c.id == cid), None)


IN_PROGRESS, APPLIED = 1, 2


class ServiceNode(Station):
    """sessions: memory means a session's state lives in the instance that last served it; a
    request landing on an instance without it (moved by the balancer, or the instance crashed)
    has lost its session. idempotency_keys: the service remembers each request's key (its id,
    shared by its retries); a retry of an applied side effect is answered from memory, one of
    a side effect still under way is refused (a conflict) instead of applied twice."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.memory_sessions = comp.sessions == "memory"
        self.idempotent = comp.idempotency_keys
        self.known_sessions: set[int] = set()
        self.keys: dict[int, int] = {}  # request id -> IN_PROGRESS or APPLIED
        self.owner: dict[int, list] = {}  # request id -> the frame applying it
        self.key_times: deque[tuple[float, int]] = deque()
        self.replayed = 0
        self.conflicts = 0
        self.lost_sessions = 0

    def own_done(self, t: float, frame: list) -> None:
        req = frame[0]
        if self.memory_sessions:
            held = frame[8].sessions
            s = req[3]
            if s not in held:
                if s in self.known_sessions:
                    self.lost_sessions += 1
                    if self.ledger is not None:
                        self.ledger.found("lost_session", req, t)
                else:
                    self.known_sessions.add(s)
                held.add(s)
        if self.idempotent and req[1] in EFFECTS:
            rid = req[0]
            if self.ledger is not None:
                self.ledger.key(t, rid)
            state = self.keys.get(rid)
            if state == APPLIED:
                self.replayed += 1
                self.release(t, frame, OK)
                return
            if state == IN_PROGRESS:
                self.conflicts += 1
                self.release(t, frame, ERROR)
                return
            self.keys[rid] = IN_PROGRESS
            self.owner[rid] = frame
            self.key_times.append((t, rid))
        Station.own_done(self, t, frame)

    def release(self, t: float, frame: list, outcome: int = OK) -> None:
        if self.idempotent:
            rid = frame[0][0]
            if self.owner.get(rid) is frame:
                del self.owner[rid]
                if outcome:
                    self.keys.pop(rid, None)  # it failed: a retry may apply it
                else:
                    self.keys[rid] = APPLIED
        Station.release(self, t, frame, outcome)

    def shortcuts(self) -> None:
        super().shortcuts()
        if getattr(self, "memory_sessions", False) or getattr(self, "idempotent", False):
            self.work = [self._own_done] * len(self.work)  # every call passes own_done

    def forget(self, horizon: float) -> None:
        q = self.key_times
        while q and q[0][0] < horizon:
            rid = q.popleft()[1]
            if self.keys.get(rid) == APPLIED:
                del self.keys[rid]

    def extra(self) -> dict[str, Any]:
        out = super().extra()
        if self.idempotent:
            out.update(replayed=self.replayed, conflicts=self.conflicts)
        if self.memory_sessions:
            out["lost_sessions"] = self.lost_sessions
        return out
