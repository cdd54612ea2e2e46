"""A read replica of a database."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from playground.formats.base import (
    ComponentId,
    Timing,
    timing,
)
from playground.kinds.base import ComponentBase


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
