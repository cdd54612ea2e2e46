"""A rate limiter: a token bucket in front of its calls."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from playground.core.kernel import OP, REJECTED, Kernel, Node, Ret
from playground.core.physics import Physics
from playground.kinds.base import ComponentBase, Price
from playground.kinds.load_balancer import forwarding_checks


class RateLimiter(ComponentBase):
    """A token bucket in front of its calls; a request with no token is rejected."""

    new_id = "limiter"
    drawn_as = "limiter"
    drawn_short = "limit"
    mermaid = ("{{", "}}")
    dot = "hexagon"
    forwards = True

    price = Price(
        what="a gateway that enforces a token bucket",
        per_hour={"small": 0.025, "medium": 0.05, "large": 0.1, "xlarge": 0.2},
    )

    roles = frozenset({"limiter"})
    kind: Literal["rate_limiter"]
    rate_rps: Annotated[float, Field(gt=0, le=10_000_000)] = Field(
        1000.0, description="Tokens added per second."
    )
    burst: int = Field(100, ge=1, le=10_000_000, description="Tokens the bucket holds.")
    scope: Literal["global", "per_client"] = "global"

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        return RateLimiterNode(kernel, self, index)

    def attributes_read(self) -> frozenset[str]:
        return frozenset({"client"}) if self.scope == "per_client" else frozenset()

    def checks(self, design: Any) -> Any:
        return forwarding_checks(self)

    def errors_note(self, errors: int, share: float, window: str, evidence: Any) -> str | None:
        message = f"{self.id}: rejected {errors:,} requests ({share:.1%} of all){window}"
        if evidence.challenge.traffic.hot_client_share > 0 and self.scope == "global":
            message += "; one global bucket turns one client's flood into everyone's rejections"
        return message


class RateLimiterNode(Node):
    """A token bucket, global or one per client; a request finding no token is rejected."""

    forwards = True

    def __init__(self, kernel: Kernel, comp: Any, index: int):
        super().__init__(kernel, comp, index)
        self.entered = 0
        self.answered = 0
        self.rate = comp.rate_rps
        self.burst = float(comp.burst)
        self.per_client = comp.scope == "per_client"
        self.buckets: dict[int, list[float]] = {}
        self.bucket = [self.burst, 0.0]  # tokens, time of last refill
        self.rejected = 0

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        self.entered += 1
        if self.per_client:
            b = self.buckets.get(req[4])
            if b is None:
                b = self.buckets[req[4]] = [self.burst, t]
        else:
            b = self.bucket
        tokens = b[0] + (t - b[1]) * self.rate
        b[0] = self.burst if tokens > self.burst else tokens
        b[1] = t
        route = self.route[req[OP]]
        if b[0] < 1.0 or not route:
            self.rejected += 1
            self.answer_now(t, req, REJECTED)
            ret(t, ctx, REJECTED)
            return
        b[0] -= 1.0
        self.answered += 1
        route[0].enter(t, req, ctx, ret)

    def extra(self) -> dict[str, Any]:
        return {"rejected": self.rejected}
