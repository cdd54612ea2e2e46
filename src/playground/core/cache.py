"""A cache-aside cache: LRU over a fixed number of items, with a TTL.

A read looks the key up (hit_time); a hit answers, a miss goes on to the cache's calls (the
backing store) and fills the cache with the answer. Other operations pass through to the calls;
with `invalidation: on_write` a successful write deletes the key. With `coalesce_misses`,
concurrent misses on one key wait for the one fetch already under way.
"""

from __future__ import annotations

from collections import OrderedDict
from heapq import heappush
from math import inf
from typing import Any

from playground.core.kernel import ERROR, H_ENTER, H_OUT, HOPS, KEY, OK, OP, READ, Kernel, Node, Ret
from playground.core.streams import Draws, stream

# A cache frame: the hop fields (kernel.H_*; service time = lookup time), then the call step.
C_REQ, C_CTX, C_RET, C_STEP = 0, 1, 2, 9


class Cache(Node):
    kind = "cache"

    def __init__(self, kernel: Kernel, comp: Any, index: int):
        super().__init__(kernel, comp, index)
        self.items: OrderedDict[int, float] = OrderedDict()  # key -> expiry time
        self.capacity = comp.capacity_items
        self.ttl = inf if comp.ttl_s is None else comp.ttl_s
        self.look = Draws(comp.hit_time, stream(kernel.seed, f"time:{comp.id}"))
        self.invalidate_on_write = comp.invalidation == "on_write"
        self.coalesce = comp.coalesce_misses
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
        items = self.items
        expiry = items.get(key)
        if expiry is not None:
            if expiry > t:
                items.move_to_end(key)
                self.hits += 1
                self.answer(t, frame, OK)
                return
            del items[key]
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
            if not outcome:
                self.fill(t, key)
            for other in self.pending.pop(key, ()) if self.coalesce else ():
                self.answer(t, other, outcome)
        elif not outcome and self.invalidate_on_write:
            self.items.pop(key, None)
        self.answer(t, frame, outcome)

    def fill(self, t: float, key: int) -> None:
        items = self.items
        items[key] = t + self.ttl
        items.move_to_end(key)
        if len(items) > self.capacity:
            items.popitem(last=False)
            self.evictions += 1

    def answer(self, t: float, frame: list, outcome: int) -> None:
        frame[H_OUT] = outcome
        self.answered += 1
        if outcome:
            self.errors += 1
        self.sojourn += t - frame[H_ENTER]
        frame[C_REQ][HOPS].append(frame)
        frame[C_RET](t, frame[C_CTX], outcome)

    def extra(self) -> dict[str, Any]:
        looked = self.hits + self.misses
        return {
            "hit_ratio": round(self.hits / looked, 6) if looked else None,
            "hits": self.hits,
            "misses": self.misses,
            "evictions": self.evictions,
            "coalesced": self.coalesced,
            "items": len(self.items),
        }
