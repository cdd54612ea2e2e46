"""Stores that hold data: a primary database with replicas (or a leaderless quorum), its
replicas, and the shard's partitions.

A read answers with the version of the key the store holds when it answers; a write commits a
new version (ledger.commit), reaches the replicas after their lag, and is acknowledged when the
replication mode says so: at once (async), when the first replica has it (semi_sync), when all
reachable replicas have it (sync). The worker slot is held until the acknowledgement, so
synchronous replication costs throughput. A `decrement` takes one unit of stock: by reading
the value when its work starts and writing value - 1 when it ends (read_modify_write: two
concurrent decrements both take the same unit), or by compare-and-set at commit (conditional).
"""

from __future__ import annotations

from heapq import heappush
from types import MethodType
from typing import Any

from playground.core.data import STOCK
from playground.core.kernel import DECREMENT, EFFECTS, OK, READ, WRITES, Kernel, Node, Ret
from playground.core.station import Station
from playground.core.streams import Draws, stream


class Store(Station):
    """A station that holds data: every key's version, and the stock behind `decrement`."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.versions: dict[int, int] = {}
        self.stock: dict[int, list[tuple[float, int]]] = {}  # key -> [(time, units left)], newest last
        self.conditional = getattr(comp, "updates", "read_modify_write") == "conditional"
        self.tracking = False
        self._held = self.held

    def track(self) -> None:
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
        return delay

    def replicate(self, t: float, key: int, v: int) -> float:
        """Send the write on to copies; return how long its acknowledgement waits for them."""
        return 0.0

    def committed(self, t: float, req: list) -> None:
        """After a commit (the primary tells caches and remembers the session's write)."""

    def take_unit(self, t: float, frame: list) -> bool:
        key = frame[0][2]
        h = self.stock.get(key)
        if h is None:
            h = self.stock[key] = [(0.0, STOCK)]
        now_left = h[-1][1]
        if self.conditional:
            seen = now_left  # compare-and-set at commit: the value cannot have moved under it
        else:
            start = frame[5]  # the value read when the work began
            seen = next((left for at, left in reversed(h) if at <= start), h[0][1])
        if seen <= 0:
            return False
        h.append((t, seen - 1))
        if len(h) > 8:
            del h[0]
        assert self.ledger is not None
        self.ledger.take(t, frame[0])
        return True

    def extra(self) -> dict[str, Any]:
        return {"keys_written": len(self.versions)} if self.tracking else {}


class Replica(Store):
    """A read replica: a write reaches it after its lag (a lag spike overrides the draw)."""

    kind = "replica"

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.lag = Draws(comp.lag, stream(kernel.seed, f"lag:{comp.id}"))
        self.spike: float | None = None
        self.lag_sum = 0.0  # of writes applied, for the lag series
        self.lag_n = 0
        self.missed: list[tuple[int, int, float, int]] = []  # writes sent while it was unreachable
        self.source: Any = None  # its primary (set when the primary links)
        self.reachable = True
        self.resync_due = False  # its primary came back while it was unreachable: fetch on catch-up
        self.promoted = False  # a failover made it the primary's data
        self._apply = self.apply

    def delay(self) -> float:
        d = self.lag
        lag = d.buf.pop() if d.buf else d.refill()
        return lag if self.spike is None else max(lag, self.spike)

    def send(self, t: float, key: int, v: int, epoch: int) -> float:
        lag = self.delay()
        if not self.reachable:
            self.missed.append((key, v, t, epoch))
            return lag
        heappush(self.heap, (t + lag, self.seq(), self._apply, (key, v, t, epoch)))
        return lag

    def apply(self, t: float, arg: tuple[int, int, float, int]) -> None:
        key, v, committed, epoch = arg
        if epoch != self.source.epoch:
            return  # the primary crashed before this write left it: lost in transit
        if not self.reachable:
            self.missed.append(arg)
            return
        if v > self.versions.get(key, 0):
            self.versions[key] = v
        self.lag_sum += t - committed
        self.lag_n += 1

    def gauge(self) -> tuple[float, int]:
        return self.lag_sum, self.lag_n

    def catch_up(self, t: float) -> None:
        """Reachable again: everything missed arrives now."""
        self.reachable = True
        missed, self.missed = self.missed, []
        for arg in missed:
            self.apply(t, arg)
        if self.resync_due:
            self.resync()

    def resync(self) -> None:
        """Its primary came back from a crash that cut the writes on their way here: the replica
        fetches what the primary holds and it lacks (as a replica resumes from the primary's log)."""
        if not self.reachable:
            self.resync_due = True
            return
        self.resync_due = False
        self.take(self.source.versions)

    def take(self, versions: dict[int, int]) -> None:
        """Apply every version in `versions` newer than the one held."""
        mine = self.versions
        for key, v in versions.items():
            if v > mine.get(key, 0):
                mine[key] = v

    def read(self, t: float, req: list) -> float:
        req[10] = self.versions.get(req[2], 0)
        return 0.0


class Database(Store):
    """A primary. Reads go to the primary, spread over its replicas, or, with read_your_writes,
    to the primary for a session that wrote within the window and to a replica otherwise."""

    kind = "database"

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.read_from: str = comp.read_from
        self.window = comp.read_your_writes_window_s
        self.replication: str = comp.replication
        self.replicas: list[Replica] = []
        self.caches: list[Any] = []  # caches in front of it that delete a key on write
        self.last_write: dict[int, float] = {}  # session -> time its latest write committed
        self.to_replicas = 0
        self.rr_replica = 0
        self.backups: list[tuple[float, int]] = []  # (time, keys held)
        self.epoch = 0  # bumped by a crash: writes still on their way to replicas are lost

    def link(self, nodes: dict[str, Node]) -> None:
        super().link(nodes)
        self.replicas = [n for n in nodes.values() if isinstance(n, Replica) and n.comp.of == self.id]
        for r in self.replicas:
            r.source = self
        self.caches = [n for n in nodes.values() if n.kind == "cache" and n.comp.invalidation == "on_write"
                       and any(self in route for route in n.route)]
        self.routing()

    def routing(self) -> None:
        """Reads that never leave the primary skip the routing decision."""
        if self.read_from == "primary" or not self.replicas:
            self.enter = MethodType(Station.enter, self)  # type: ignore[method-assign]
        else:
            self.__dict__.pop("enter", None)

    def relink(self) -> None:
        super().relink()
        self.routing()

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        if req[1] == READ and (
            self.read_from == "replicas" or t - self.last_write.get(req[3], -1e18) > self.window
        ):
            self.to_replicas += 1
            self.rr_replica += 1
            self.replicas[self.rr_replica % len(self.replicas)].enter(t, req, ctx, ret)
            return
        Station.enter(self, t, req, ctx, ret)

    def replicate(self, t: float, key: int, v: int) -> float:
        lags = [r.send(t, key, v, self.epoch) for r in self.replicas if r.reachable or self.replication == "async"]
        if not lags or self.replication == "async":
            return 0.0
        return min(lags) if self.replication == "semi_sync" else max(lags)

    def committed(self, t: float, req: list) -> None:
        if self.read_from == "read_your_writes":
            self.last_write[req[3]] = t
        for cache in self.caches:
            cache.invalidate(req[2])

    def extra(self) -> dict[str, Any]:
        out = {"reads_to_replicas": self.to_replicas, **super().extra()}
        if self.comp.backup_interval_s:
            out["backups"] = len(self.backups)
        return out


class QuorumDatabase(Database):
    """Leaderless replication (Dynamo style): n copies inside the database; a write is
    acknowledged when w copies have it, a read asks every copy and answers with the newest
    version among the first r to reply. Each copy answers after its own replica_time."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        q = comp.quorum
        self.n, self.r, self.w = q.n, q.r, q.w
        self.copy_time = Draws(q.replica_time, stream(kernel.seed, f"quorum:{comp.id}"))
        self.copies: list[dict[int, list[tuple[float, int]]]] = [{} for _ in range(self.n)]

    def routing(self) -> None:
        self.enter = MethodType(Station.enter, self)  # type: ignore[method-assign]

    def _times(self) -> list[float]:
        d = self.copy_time
        return [d.buf.pop() if d.buf else d.refill() for _ in range(self.n)]

    def read(self, t: float, req: list) -> float:
        times = self._times()
        replies = sorted((times[i], i) for i in range(self.n))[: self.r]
        key = req[2]
        best = 0
        for dt, i in replies:
            at = t + dt
            for applied, v in self.copies[i].get(key, ()):
                if applied <= at and v > best:
                    best = v
        req[10] = best
        return replies[-1][0]

    def replicate(self, t: float, key: int, v: int) -> float:
        times = self._times()
        for i, dt in enumerate(times):
            h = self.copies[i].get(key)
            if h is None:
                h = self.copies[i][key] = []
            h.append((t + dt, v))
            if len(h) > 4:
                del h[0]
        return sorted(times)[self.w - 1]

    def extra(self) -> dict[str, Any]:
        return {"quorum": {"n": self.n, "r": self.r, "w": self.w}, **super().extra()}
