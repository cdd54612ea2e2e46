"""A cache-aside cache in front of a store."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from playground.formats.base import (
    Timing,
    timing,
)
from playground.kinds.base import ComponentBase


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
