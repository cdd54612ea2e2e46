"""A content delivery network: an edge cache in front of the whole site. A read of cacheable
content is answered from the edge; a miss goes on to the origin (the CDN's calls) and the
answer is kept for `ttl_s`, whatever happens to the data meanwhile: an edge serves what it was
given until it expires. Writes and reads of uncacheable content pass through to the origin.

Its hit ratio comes from the traffic: a key asked for often is found at the edge, a rare one
has expired by its next read. Billed by use, per request and per GB sent out, not by machine.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from playground.core.kernel import Kernel, Node
from playground.core.physics import Physics
from playground.formats.base import Fraction, Timing, timing
from playground.kinds.base import ComponentBase, Price, machines
from playground.kinds.cache import CacheNode
from playground.kinds.load_balancer import mix


class Cdn(ComponentBase):
    """An edge cache in front of the site: cacheable reads are answered at the edge, the rest
    (and every miss) go on to its calls, the origin."""

    new_id = "cdn"
    drawn_short = "cdn"
    mermaid = (">", "]")
    dot = "tab"
    keeps = "copies"
    has = frozenset({"memory to flush"})
    price = Price(
        what="a content delivery network's edges, billed by use; nothing provisioned",
        per_million_requests=1.0,
        per_gb=0.085,
    )

    catalog = machines(edge_time=Timing(mean_ms=5.0))
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "edge_time": "an edge answers as fast as it is near the users: choose ttl_s and what is cacheable",
    }

    roles = frozenset({"edge"})
    kind: Literal["cdn"]
    ttl_s: Annotated[float, Field(gt=0, le=31_536_000)] = Field(
        60.0, description="Seconds an edge keeps an answer before asking the origin again."
    )
    cacheable: Fraction = Field(
        1.0, description="Share of the keys whose reads are cacheable (public pages, images); "
        "the others are personal and always go to the origin."
    )
    capacity_items: int = Field(
        1_000_000, ge=1, le=1_000_000_000, description="Items an edge holds at most (least recently used leave)."
    )
    edge_time: Timing = timing(5.0)
    object_kb: Annotated[float, Field(gt=0, le=1_000_000)] = Field(
        50.0, description="Mean size of an answer, KB: what the per-GB price meters."
    )

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        return CdnNode(kernel, self, index, capacity=self.capacity_items, ttl_s=self.ttl_s,
                       lookup=physics.timing(self, "edge_time", self.edge_time))

    def attributes_read(self) -> frozenset[str]:
        return frozenset({"key"})

    def gb_per_request(self) -> float:
        return self.object_kb / 1e6

    def cause(self, anomaly: str, evidence: Any) -> str | None:
        if anomaly in ("stale_read", "read_your_writes", "monotonic_read"):
            return (f"an edge keeps what it was given for {self.ttl_s:g} s (ttl_s), whatever is "
                    f"written meanwhile: cache only what may be that old")
        return None


class CdnNode(CacheNode):
    """A cache that holds only the cacheable share of keys (chosen by a fixed hash of the key,
    so a key is cacheable or not for the whole run)."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        self.cut = round(comp.cacheable * 10_000)  # before the cache looks at its `holds`
        super().__init__(kernel, comp, index, **kw)

    def holds(self, key: int) -> bool:
        return mix(key) % 10_000 < self.cut
