"""A rate limiter: a token bucket in front of its calls."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from playground.kinds.base import ComponentBase


class RateLimiter(ComponentBase):
    """A token bucket in front of its calls; a request with no token is rejected."""

    kind: Literal["rate_limiter"]
    rate_rps: Annotated[float, Field(gt=0, le=10_000_000)] = Field(
        1000.0, description="Tokens added per second."
    )
    burst: int = Field(100, ge=1, le=10_000_000, description="Tokens the bucket holds.")
    scope: Literal["global", "per_client"] = "global"
