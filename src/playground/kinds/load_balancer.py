"""A load balancer: spreads requests over the instances of the service it calls."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from playground.kinds.base import ComponentBase


class LoadBalancer(ComponentBase):
    """Spreads requests over the instances of the services it calls."""

    kind: Literal["load_balancer"]
    policy: Literal[
        "round_robin", "least_connections", "random", "sticky_session", "consistent_hash"
    ] = Field("round_robin", description="How an instance is picked for each request.")
    health_check_interval_s: Annotated[float, Field(gt=0, le=600)] = Field(
        5.0, description="Seconds between health checks; a crashed instance gets traffic until one fails."
    )
