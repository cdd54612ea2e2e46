"""The component kinds a design is built from, each with typed, documented parameters.

Every kind is a node a person can see and select. Parameters carry their unit in their name
(`_ms`, `_s`, `_rps`, `_gb`) and a default a small production system would plausibly have.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from playground.design.base import (
    ComponentId,
    Fraction,
    Millis,
    Name,
    Operation,
    Seconds,
    StrictModel,
    Timing,
    timing,
)

Size = Literal["small", "medium", "large", "xlarge"]


class Call(StrictModel):
    """One downstream call: to whom, and for which operations (all of them when omitted)."""

    to: ComponentId = Field(description="The id of the component called.")
    ops: list[Operation] | None = Field(
        None, description="Operations that make this call; omitted means every operation."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        return {"to": data} if isinstance(data, str) else data


class ComponentBase(StrictModel):
    id: ComponentId = Field(description="Unique name of the component in this design.")
    label: Name | None = Field(None, max_length=80, description="Text shown in diagrams.")
    zone: str | None = Field(
        None,
        pattern=r"^[a-z][a-z0-9_-]{0,39}$",
        description="Zone or region; a fault aimed at `zone:NAME` strikes every component in it.",
    )
    size: Size = Field("small", description="Machine size, for cost (see the price table).")
    calls: list[Call] = Field(
        default_factory=list,
        description="Downstream calls, made in this order (a bare id calls it for every operation).",
    )


class LoadBalancer(ComponentBase):
    """Spreads requests over the instances of the services it calls."""

    kind: Literal["load_balancer"]
    policy: Literal[
        "round_robin", "least_connections", "random", "sticky_session", "consistent_hash"
    ] = Field("round_robin", description="How an instance is picked for each request.")
    health_check_interval_s: Annotated[float, Field(gt=0, le=600)] = Field(
        5.0, description="Seconds between health checks; a crashed instance gets traffic until one fails."
    )


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


class Cache(ComponentBase):
    """Cache-aside: a read that misses goes on to the cache's own calls and fills the cache."""

    kind: Literal["cache"]
    capacity_items: int = Field(10_000, ge=1, le=100_000_000, description="Items held at most.")
    eviction: Literal["lru"] = Field("lru", description="Which item leaves when full.")
    ttl_s: Annotated[float, Field(gt=0, le=31_536_000)] | None = Field(
        300.0, description="Seconds an item lives; none: until evicted."
    )
    hit_time: Timing = timing(0.5)
    invalidation: Literal["ttl", "on_write", "versioned"] = Field(
        "ttl",
        description="ttl: stale until expiry; on_write: a write deletes the key; "
        "versioned: keys carry the version, so a stale entry is never read.",
    )
    coalesce_misses: bool = Field(
        False, description="Concurrent misses on one key wait for one fetch (stampede guard)."
    )


class Failover(StrictModel):
    """Promotion of a replica when the primary dies."""

    detection_s: Annotated[float, Field(gt=0, le=3600)] = Field(
        10.0, description="Seconds before the primary is declared dead."
    )
    promotion_s: Annotated[float, Field(ge=0, le=3600)] = Field(
        20.0, description="Seconds to promote a replica after detection."
    )


class Quorum(StrictModel):
    """Leaderless replication (Dynamo style): a write waits for W of N copies, a read asks R."""

    n: int = Field(3, ge=1, le=15)
    r: int = Field(2, ge=1, le=15)
    w: int = Field(2, ge=1, le=15)
    replica_time: Timing = timing(2.0)

    @model_validator(mode="after")
    def _within_n(self) -> Quorum:
        if self.r > self.n or self.w > self.n:
            raise ValueError(f"r and w cannot exceed n (n={self.n}, r={self.r}, w={self.w})")
        return self


class Database(ComponentBase):
    """A primary database: worker slots, read and write times, replication to its replicas."""

    kind: Literal["database"]
    workers: int = Field(16, ge=1, le=10_000, description="Concurrent queries.")
    read_time: Timing = timing(2.0)
    write_time: Timing = timing(5.0)
    replication: Literal["async", "semi_sync", "sync"] = Field(
        "async", description="When a write is acknowledged relative to its replicas."
    )
    read_from: Literal["primary", "replicas", "read_your_writes"] = Field(
        "primary",
        description="Where reads go; read_your_writes sends a session that wrote recently "
        "to the primary and the rest to replicas.",
    )
    read_your_writes_window_s: Seconds = Field(5.0, description="How recent a write counts.")
    updates: Literal["read_modify_write", "conditional"] = Field(
        "read_modify_write",
        description="How a decrement is done: read then write (races), or compare-and-set.",
    )
    failover: Failover | None = Field(None, description="Promote a replica when the primary dies.")
    backup_interval_s: Annotated[float, Field(gt=0, le=604_800)] | None = Field(
        None, description="Seconds between backups; none: no backups."
    )
    quorum: Quorum | None = Field(None, description="Leaderless quorum replication instead.")
    storage_gb: Annotated[float, Field(gt=0, le=1_000_000)] = Field(20.0, description="Disk, GB.")


class Replica(ComponentBase):
    """A read replica of a database, behind it by the replication lag."""

    kind: Literal["replica"]
    of: ComponentId = Field(description="The id of the database it copies.")
    workers: int = Field(16, ge=1, le=10_000)
    read_time: Timing = timing(2.0)
    lag: Timing = Field(
        default_factory=lambda: Timing(mean_ms=50.0),
        description="Replication lag: how long after its commit a write reaches this replica.",
    )
    storage_gb: Annotated[float, Field(gt=0, le=1_000_000)] = Field(20.0)


class Shard(ComponentBase):
    """A partitioned store: keys spread by hash or range over partitions with their own workers,
    so a hot key overloads its own partition only."""

    kind: Literal["shard"]
    partitions: int = Field(4, ge=1, le=1024)
    partition_by: Literal["hash", "range"] = "hash"
    workers: int = Field(8, ge=1, le=10_000, description="Concurrent queries per partition.")
    read_time: Timing = timing(2.0)
    write_time: Timing = timing(5.0)
    storage_gb: Annotated[float, Field(gt=0, le=1_000_000)] = Field(
        20.0, description="Disk per partition, GB."
    )


class Queue(ComponentBase):
    """A broker with consumer workers: producers return at once, consumers drain its calls."""

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


class RateLimiter(ComponentBase):
    """A token bucket in front of its calls; a request with no token is rejected."""

    kind: Literal["rate_limiter"]
    rate_rps: Annotated[float, Field(gt=0, le=10_000_000)] = Field(
        1000.0, description="Tokens added per second."
    )
    burst: int = Field(100, ge=1, le=10_000_000, description="Tokens the bucket holds.")
    scope: Literal["global", "per_client"] = "global"


class External(ComponentBase):
    """A third-party dependency: its latency and its errors are not ours to fix."""

    kind: Literal["external"]
    latency: Timing = Field(
        default_factory=lambda: Timing(distribution="lognormal", mean_ms=80.0, p99_ms=400.0)
    )
    error_rate: Fraction = Field(0.0, description="Share of calls that fail.")


class SessionStore(ComponentBase):
    """Durable shared session state, so any instance can serve any session."""

    kind: Literal["session_store"]
    workers: int = Field(32, ge=1, le=10_000)
    op_time: Timing = timing(1.0)


Component = Annotated[
    LoadBalancer
    | Service
    | Cache
    | Database
    | Replica
    | Shard
    | Queue
    | RateLimiter
    | External
    | SessionStore,
    Field(discriminator="kind"),
]

KINDS: dict[str, type[ComponentBase]] = {
    "load_balancer": LoadBalancer,
    "service": Service,
    "cache": Cache,
    "database": Database,
    "replica": Replica,
    "shard": Shard,
    "queue": Queue,
    "rate_limiter": RateLimiter,
    "external": External,
    "session_store": SessionStore,
}
