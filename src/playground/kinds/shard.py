"""A partitioned store."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from playground.formats.base import (
    Timing,
    timing,
)
from playground.kinds.base import ComponentBase


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
