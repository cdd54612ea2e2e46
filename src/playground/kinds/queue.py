"""A message queue with consumer workers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from playground.formats.base import (
    Timing,
    timing,
)
from playground.kinds.base import ComponentBase


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
