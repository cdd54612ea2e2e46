"""A service: API instances with worker slots, and how they call their dependencies."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from playground.formats.base import (
    Fraction,
    Millis,
    Operation,
    StrictModel,
    Timing,
    timing,
)
from playground.kinds.base import ComponentBase


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

    kind: Literal["service"]
    instances: int = Field(1, ge=1, le=1000, description="Number of instances.")
    workers: int = Field(8, ge=1, le=10_000, description="Worker slots per instance.")
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
        False, description="Answer reads with a degraded default when a dependency fails."
    )
    idempotency_keys: bool = Field(
        False, description="Remember request keys so a retried charge is applied once."
    )
    sessions: Literal["none", "memory", "store"] = Field(
        "none",
        description="Where user session state lives: nowhere, in the instance's memory "
        "(lost on crash or when the session moves), or in a session_store it calls.",
    )
