"""A station that holds data: every key's version, and the stock behind `decrement`.

A read answers with the version of the key the store holds when it answers; a write commits a
new version (ledger.commit), goes on to the store's copies (`replicate`) and is acknowledged
when the store says so. The worker slot is held until the acknowledgement, so waiting for
copies costs throughput. A `decrement` takes one unit of stock: by reading the value when its
work starts and writing value - 1 when it ends (read_modify_write: two concurrent decrements
both take the same unit, and the later write overwrites the earlier: a lost update), or by
compare-and-set at commit (conditional). Every key starts with the challenge's initial stock.
"""

from __future__ import annotations

from heapq import heappush
from typing import Any

from playground.core.kernel import DECREMENT, EFFECTS, OK, READ, WRITES, Kernel, Node
from playground.core.station import Station
from playground.core.streams import Draws, stream


class Store(Station):
    """A station that holds data: every key's version, and the stock behind `decrement`."""

    keeps_data = True

    def __init__(self, kernel: Kernel, comp: Any, index: int, *, conditional: bool = False, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.versions: dict[int, int] = {}
        self.stock: dict[int, list[tuple[float, int]]] = {}  # key -> [(time, units left)], newest last
        self.conditional = conditional  # a decrement compares and sets at commit
        self.tracking = False
        self.caches: list[Invalidations] = []  # to the caches in front of it that delete a key on write
        self._held = self.held

    def track_versions(self) -> None:
        """Keep versions and judge reads and writes (only runs whose mix writes need it)."""
        self.tracking = True
        self.release = self.release_data  # type: ignore[method-assign]
        self.shortcuts()

    def release_data(self, t: float, frame: list, outcome: int = OK) -> None:
        if not outcome and not frame[8].dead:
            req = frame[0]
            op = req[1]
            if op == READ:
                delay = self.read(t, req)
            elif op in WRITES:
                delay = self.write(t, frame)
            else:
                delay = 0.0
            if delay:
                heappush(self.heap, (t + delay, self.seq(), self._held, (frame, outcome)))
                return
        Station.release(self, t, frame, outcome)

    def held(self, t: float, arg: tuple[list, int]) -> None:
        """The copies have answered: acknowledge the write (unless the store died meanwhile)."""
        frame, outcome = arg
        req = frame[0]
        if req[1] in WRITES and not frame[8].dead and frame[10]:
            assert self.ledger is not None
            self.ledger.acknowledge(t, req[2], frame[10], req[3])
        Station.release(self, t, frame, outcome)

    def read(self, t: float, req: list) -> float:
        req[10] = self.versions.get(req[2], 0)
        return 0.0

    def write(self, t: float, frame: list) -> float:
        req = frame[0]
        key = req[2]
        ledger = self.ledger
        assert ledger is not None
        if req[1] == DECREMENT and not self.take_unit(t, frame):
            return 0.0  # sold out: nothing to write
        v = ledger.commit(key)
        self.versions[key] = v
        if req[1] in EFFECTS:
            ledger.applied(t, req, self.index)
        delay = self.replicate(t, key, v)
        if delay:
            frame[10] = v  # acknowledged by held() once the copies have answered
        else:
            ledger.acknowledge(t, key, v, req[3])
        self.committed(t, req)
        for note in self.caches:
            note.send(t, key, v)
        return delay

    def replicate(self, t: float, key: int, v: int) -> float:
        """Send the write on to copies; return how long its acknowledgement waits for them."""
        return 0.0

    def committed(self, t: float, req: list) -> None:
        """After a commit (the primary tells caches and remembers the session's write)."""

    def take_unit(self, t: float, frame: list) -> bool:
        key = frame[0][2]
        ledger = self.ledger
        assert ledger is not None
        h = self.stock.get(key)
        if h is None:
            h = self.stock[key] = [(0.0, ledger.initial_stock)]
        now_left = h[-1][1]
        overwrites = False
        if self.conditional:
            seen = now_left  # compare-and-set at commit: the value cannot have moved under it
        else:
            start = frame[5]  # the value read when the work began
            seen = next((left for at, left in reversed(h) if at <= start), h[0][1])
            overwrites = h[-1][0] > start  # another decrement wrote since it read
        if seen <= 0:
            return False
        h.append((t, seen - 1))
        if len(h) > 8:
            del h[0]
        ledger.take(t, frame[0])
        if overwrites:
            ledger.found("lost_update", frame[0], t)
        return True

    def extra(self) -> dict[str, Any]:
        return {**({"keys_written": len(self.versions)} if self.tracking else {}), **self.counted()}


class Invalidations:
    """How a store tells a cache in front of it (invalidation: on_write) that a key changed: a
    message from the store to the cache, which pays the network's one-way time between them
    (none where they pay no network time) and waits while a partition cuts that direction. So
    a miss that read the old version can fill the cache after the invalidation has passed: the
    stale-refill race of cache-aside."""

    def __init__(self, store: Node, cache: Any, physics: Any, seed: int):
        self.store = store
        self.cache = cache
        self.heap = store.heap
        self.ids = store.ids
        pair = physics.link(cache.comp, store.comp)  # the cache's calls to the store: back is store -> cache
        self.draws = None if pair is None else Draws(pair[1], stream(seed, f"net:{store.id}:{cache.id}:invalidate"))
        self.held: list[tuple[int, int]] = []
        self._arrive = self.arrive

    def send(self, t: float, key: int, v: int) -> None:
        """Version v of key was committed: tell the cache."""
        wire = self.cache.wires.get(self.store.id)
        if wire is not None and wire.cut_back:  # a partition cuts the store -> cache direction
            self.held.append((key, v))
            return
        d = self.draws
        if d is None:
            self.cache.invalidate(key, v)
            return
        heappush(self.heap, (t + (d.buf.pop() if d.buf else d.refill()), next(self.ids), self._arrive, (key, v)))

    def arrive(self, t: float, note: tuple[int, int]) -> None:
        self.cache.invalidate(*note)

    def heal(self, t: float) -> None:
        """A partition healed: what it held goes on, unless another still cuts the way."""
        held, self.held = self.held, []
        for key, v in held:
            self.send(t, key, v)
