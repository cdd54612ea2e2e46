"""A cache-aside cache over a fixed number of items, with an eviction policy and a TTL.

A read looks the key up (hit_time); a hit answers, a miss goes on to the cache's calls (the
backing store) and fills the cache with the answer and its version. When full, the eviction
policy (playground.core.eviction: LRU, FIFO, random, LFU) says which entry leaves; an entry
lives `ttl_s` from its fill, or (sliding) from its last hit. Other operations pass
through to the calls. Invalidation: `ttl` leaves an entry (stale or not) until it expires;
`on_write` deletes the key when a store it fronts commits a write (whoever wrote it; the news
crosses the network, so a miss's fill can land after it: the stale-refill race); `versioned`
compares the entry's version with the database's and treats an older one as a miss. With
`coalesce_misses`, concurrent misses on one key wait for the one fetch already under way.
"""

from __future__ import annotations

from collections.abc import Iterator
from heapq import heappush
from math import inf
from typing import Annotated, Any, Literal

from pydantic import Field

from playground.core.eviction import POLICIES
from playground.core.kernel import (
    ERROR,
    H_ENTER,
    H_OUT,
    HOPS,
    KEY,
    OK,
    OP,
    READ,
    Kernel,
    Node,
    Ret,
    origin,
)
from playground.core.physics import FreePlay, Physics
from playground.core.store import Invalidations, Store
from playground.core.streams import Draws, Scaled, stream
from playground.formats.base import (
    Timing,
    timing,
)
from playground.kinds.base import Check, ComponentBase, Price, machines


class Cache(ComponentBase):
    """Cache-aside: a read that misses goes on to the cache's own calls and fills the cache."""

    new_id = "cache"
    mermaid = ("[[", "]]")
    dot = "box3d"
    keeps = "copies"
    has = frozenset({"memory to flush"})
    billed = "capacity_items"

    price = Price(
        what="a managed in-memory cache node",
        per_hour={"small": 0.06, "medium": 0.12, "large": 0.24, "xlarge": 0.48},
        capacity="cached items",
        per_machine={"small": 1000000, "medium": 2000000, "large": 4000000, "xlarge": 8000000},
    )

    catalog = machines(hit_time=Timing(mean_ms=0.1))
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "hit_time": "a cache's lookup takes what its machine takes: choose what it holds and how long",
    }

    roles = frozenset({"cache"})
    kind: Literal["cache"]
    capacity_items: int = Field(10_000, ge=1, le=100_000_000, description="Items held at most.")
    eviction: Literal["lru", "fifo", "random", "lfu"] = Field(
        "lru", description="Which item leaves when full: lru, the least recently used; fifo, the "
        "first filled; random, any one; lfu, the least often used (counted over the whole run).")
    ttl_s: Annotated[float, Field(gt=0, le=31_536_000)] | None = Field(
        300.0, description="Seconds an item lives; none: until evicted."
    )
    ttl_mode: Literal["insertion", "sliding"] = Field(
        "insertion", description="insertion: an item lives ttl_s from its fill; sliding: every "
        "hit gives it ttl_s more, so an item read often never expires.")
    hit_time: Timing = timing(0.5)
    invalidation: Literal["ttl", "on_write", "versioned"] = Field(
        "ttl",
        description="ttl: stale until expiry; on_write: a write deletes the key; "
        "versioned: keys carry the version, so a stale entry is never read.",
    )
    coalesce_misses: bool = Field(
        False, description="Concurrent misses on one key wait for one fetch (stampede guard)."
    )

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        return CacheNode(kernel, self, index, capacity=self.capacity_items, ttl_s=self.ttl_s,
                         lookup=physics.timing(self, "hit_time", self.hit_time),
                         invalidation=self.invalidation, coalesce=self.coalesce_misses,
                         eviction=self.eviction, sliding=self.ttl_mode == "sliding", physics=physics)

    def smaller(self, d: int, least: int) -> ComponentBase | str:
        """1/d of the items for 1/d of the keys: each key read as often, the same share held."""
        return self.divided("capacity_items", d, 1)

    def attributes_read(self) -> frozenset[str]:
        return frozenset({"key"})

    def checks(self, design: Any) -> Iterator[Check]:
        if not self.calls:
            yield (), f"cache {self.id!r} has no backing store: every miss fails", "call the database it caches", "warning"
        if self.ttl_mode == "sliding" and self.ttl_s is None:
            yield ("ttl_mode",), "ttl_mode: sliding has no ttl_s to renew", "give ttl_s, or leave ttl_mode out", "warning"

    def cause(self, anomaly: str, evidence: Any) -> str | None:
        if anomaly in ("stale_read", "read_your_writes", "monotonic_read") and self.invalidation == "ttl":
            life = f"for up to {self.ttl_s:g} s" if self.ttl_s else "until evicted"
            return f"a write leaves the cached copy in place {life} (invalidation: {self.invalidation})"
        return None


# A cache frame: the hop fields (kernel.H_*; service time = lookup time), then the call step.
C_REQ, C_CTX, C_RET, C_STEP = 0, 1, 2, 9


class CacheNode(Node):
    """A fixed number of items under an eviction policy, with a TTL and one of three invalidations."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, *, capacity: int, ttl_s: float | None,
                 lookup: Timing, invalidation: str = "ttl", coalesce: bool = False, eviction: str = "lru",
                 sliding: bool = False, physics: Any = None):
        super().__init__(kernel, comp, index)
        self.physics = physics
        self.notices: list[Invalidations] = []  # from the stores it fronts (on_write)
        self.heard: dict[int, int] = {}  # key -> the newest version an invalidation announced
        self.stale_fills = 0  # fills with a version older than one already announced
        self.entered = 0
        self.answered = 0
        self.policy = POLICIES[eviction](capacity, stream(kernel.seed, f"evict:{comp.id}"))
        self.items = self.policy.items  # key -> (expiry, version); the policy keeps its order
        self.touch, self.drop, self.put = self.policy.touch, self.policy.drop, self.policy.put
        self.sliding = sliding
        self.capacity = capacity
        self.ttl = inf if ttl_s is None else ttl_s
        self.look = Draws(lookup, stream(kernel.seed, f"time:{comp.id}"))
        self.invalidate_on_write = invalidation == "on_write"
        self.versioned = invalidation == "versioned"
        self.source: Any = None  # the database whose versions a versioned entry is checked against
        self.tracking = False  # versions are kept (the run writes)
        self.invalidations = 0
        self.coalesce = coalesce
        self.selective = origin(type(self).holds) is not origin(CacheNode.holds)  # some reads are not its
        self.pending: dict[int, list[list]] = {}
        self.hits = 0
        self.misses = 0
        self.coalesced = 0
        self.evictions = 0
        self._looked = self.looked
        self._fetched = self.fetched

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        self.entered += 1
        d = self.look
        s = d.buf.pop() if d.buf else d.refill()
        heappush(self.heap, (t + s, self.seq(), self._looked, [req, ctx, ret, self.index, t, t, s, 0, None, 0]))

    def looked(self, t: float, frame: list) -> None:
        req = frame[C_REQ]
        route = self.route[req[OP]]
        if req[OP] != READ:
            self.onward(t, frame, route)
            return
        key = req[KEY]
        if self.selective and not self.holds(key):
            self.onward(t, frame, route)
            return
        items = self.items
        entry = items.get(key)
        if entry is not None:
            if entry[0] > t and (self.source is None or entry[1] >= self.source.versions.get(key, 0)):
                self.touch(key)
                if self.sliding:
                    items[key] = (t + self.ttl, entry[1])
                self.hits += 1
                req[10] = entry[1]
                self.answer(t, frame, OK)
                return
            self.drop(key)
        self.misses += 1
        if self.coalesce:
            waiting = self.pending.get(key)
            if waiting is not None:
                self.coalesced += 1
                waiting.append(frame)
                return
            self.pending[key] = []
        self.onward(t, frame, route)

    def onward(self, t: float, frame: list, route: tuple[Node, ...]) -> None:
        if not route:  # no backing store: a miss cannot be answered
            self.fetched(t, frame, ERROR if frame[C_REQ][OP] == READ else OK)
            return
        frame[C_STEP] = 0
        route[0].enter(t, frame[C_REQ], frame, self._fetched)

    def fetched(self, t: float, frame: list, outcome: int) -> None:
        req = frame[C_REQ]
        route = self.route[req[OP]]
        step = frame[C_STEP] + 1
        if not outcome and step < len(route):
            frame[C_STEP] = step
            route[step].enter(t, req, frame, self._fetched)
            return
        key = req[KEY]
        if req[OP] == READ:
            if not outcome and (req[10] >= 0 or not self.tracking) and (not self.selective or self.holds(key)):
                self.fill(t, key, req[10])  # (a fallback's answer, version -1, is not data)
                if req[10] < self.heard.get(key, 0):  # the invalidation overtook this answer
                    self.stale_fills += 1
            for other in self.pending.pop(key, ()) if self.coalesce else ():
                other[C_REQ][10] = req[10]
                self.answer(t, other, outcome)
        self.answer(t, frame, outcome)

    def holds(self, key: int) -> bool:
        """Whether a read of `key` is served from its items (a cache holds every key)."""
        return True

    def invalidate(self, key: int, v: int) -> None:
        """A store it fronts committed version v of key, and the news has arrived (on_write).
        The newest version heard of per key tells a fill that lost the race (`stale_fills`)."""
        if self.policy.discard(key):
            self.invalidations += 1
        if v > self.heard.get(key, 0):
            self.heard[key] = v

    def flush(self) -> None:
        self.policy.clear()

    def link(self, nodes: dict[str, Node]) -> None:
        super().link(nodes)
        if self.invalidate_on_write:  # the stores it fronts tell it of every write they commit
            for store in dict.fromkeys(n for route in self.route for n in route):
                if isinstance(store, Store):
                    note = Invalidations(store, self, self.physics or FreePlay(0), self.kernel.seed)
                    store.caches.append(note)
                    self.notices.append(note)

    def rejoined(self, t: float) -> None:
        for note in self.notices:
            note.heal(t)

    def track_versions(self) -> None:
        """Versions are kept: check versioned entries against the store behind the cache."""
        self.tracking = True
        store = self.route[READ][0].reached() if self.route[READ] else None  # through its wire
        if self.versioned and store is not None and hasattr(store, "versions"):
            self.source = store

    def on_crash(self, t: float, instance: int | None, timeline: Any) -> None:
        self.flush()
        super().on_crash(t, instance, timeline)

    def slow(self, factor: float | None) -> None:
        if factor is None:
            self.look = self.__dict__.pop("normal_look", self.look)
        else:
            self.normal_look = self.__dict__.get("normal_look", self.look)
            self.look = Scaled(self.normal_look, factor)

    def fill(self, t: float, key: int, version: int) -> None:
        if self.put(key, (t + self.ttl, version)):
            self.evictions += 1

    def answer(self, t: float, frame: list, outcome: int) -> None:
        frame[H_OUT] = outcome
        self.answered += 1
        if outcome:
            self.errors += 1
        self.sojourn += t - frame[H_ENTER]
        frame[C_REQ][HOPS].append(frame)
        frame[C_RET](t, frame[C_CTX], outcome)

    def restart_counts(self) -> None:
        self.hits = self.misses = self.evictions = self.coalesced = self.invalidations = self.stale_fills = 0

    def extra(self) -> dict[str, Any]:
        looked = self.hits + self.misses
        return {
            "hit_ratio": round(self.hits / looked, 6) if looked else None,
            "hits": self.hits,
            "misses": self.misses,
            "evictions": self.evictions,
            "coalesced": self.coalesced,
            "invalidations": self.invalidations,
            **({"stale_fills": self.stale_fills} if self.invalidate_on_write else {}),
            "items": len(self.items),
        }
