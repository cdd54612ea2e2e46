"""A primary database: its replication, failover, backups, or a leaderless quorum."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from playground.formats.base import (
    Seconds,
    StrictModel,
    Timing,
    timing,
)
from playground.kinds.base import ComponentBase


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
