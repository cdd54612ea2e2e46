"""A third-party dependency."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.formats.base import (
    Fraction,
    Timing,
)
from playground.kinds.base import ComponentBase


class External(ComponentBase):
    """A third-party dependency: its latency and its errors are not ours to fix."""

    kind: Literal["external"]
    latency: Timing = Field(
        default_factory=lambda: Timing(distribution="lognormal", mean_ms=80.0, p99_ms=400.0)
    )
    error_rate: Fraction = Field(0.0, description="Share of calls that fail.")
