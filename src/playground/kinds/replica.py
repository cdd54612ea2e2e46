"""A read replica of a database: writes reach it after their replication lag, one by one, and
it answers reads with what it has. Reads reach it through its database's routing, not calls."""

from __future__ import annotations

from heapq import heappush
from typing import Annotated, Any, Literal

from pydantic import Field

from playground.core.build import per_op
from playground.core.histogram import ms
from playground.core.kernel import Kernel, Node
from playground.core.physics import Physics
from playground.core.store import Store
from playground.core.streams import Draws, stream
from playground.formats.base import ComponentId, Timing, timing
from playground.kinds.base import STATION_CPUS, ComponentBase, Price, machines


class Replica(ComponentBase):
    """A read replica of a database, behind it by the replication lag."""

    new_id = "replica"
    drawn_short = "repl"
    mermaid = ("[(", ")]")
    dot = "cylinder"
    keeps = "data"
    refers = {"of": "database"}  # noqa: RUF012 - a fact of the kind, never changed
    has = frozenset({"replication lag"})
    billed = "workers"

    price = Price(
        what="a read replica node, priced as a database node",
        per_hour={"small": 0.1, "medium": 0.2, "large": 0.4, "xlarge": 0.8},
        capacity="worker slots",
        per_machine={"small": 16, "medium": 32, "large": 64, "xlarge": 128},
    )

    catalog = machines(STATION_CPUS, read_time=Timing(mean_ms=2.0))
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "read_time": "a replica's reads take what its machine takes: choose its size or more replicas",
        "lag": "replication lag is the world's (its network and the replica's apply): choose where reads go (read_from) and the replication mode instead",
        "vcpus": "a machine's CPUs come with its size: choose size",
    }

    roles = frozenset({"replica", "store"})
    kind: Literal["replica"]
    of: ComponentId = Field(description="The id of the database it copies.")
    workers: int = Field(16, ge=1, le=10_000)
    vcpus: int | None = Field(
        None, ge=1, le=1024,
        description="CPUs of the machine (free play only; a challenge's world gives them by size). "
        "Calls in worker slots share them for their own work; none: as many as the slots.",
    )
    read_time: Timing = timing(2.0)
    lag: Timing = Field(
        default_factory=lambda: Timing(mean_ms=50.0),
        description="Replication lag: how long after its commit a write reaches this replica.",
    )
    storage_gb: Annotated[float, Field(gt=0, le=1_000_000)] = Field(20.0)

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        read = physics.timing(self, "read_time", self.read_time)
        return ReplicaNode(kernel, self, index, instances=1, workers=self.workers, queue_limit=None,
                           draws=per_op(kernel, self.id, lambda op: read), lag=physics.timing(self, "lag", self.lag),
                           physics=physics,
                           vcpus=physics.vcpus(self, self.vcpus))

    @classmethod
    def new_fields(cls, components: list[Any]) -> dict[str, Any]:
        """A new replica copies the design's first database."""
        databases = [c["id"] for c in components if c.get("kind") == cls.refers["of"]]
        return {"of": databases[0] if databases else "db"}

    def concurrency(self) -> tuple[int, str] | None:
        return self.workers, "worker slots"

    def disk_gb(self) -> float | None:
        return self.storage_gb

    def cause(self, anomaly: str, evidence: Any) -> str | None:
        db = evidence.by_id.get(self.of)
        return None if db is None else db.cause(anomaly, evidence)


class ReplicaNode(Store):
    """A read replica: a write reaches it after its lag (a lag spike overrides the draw)."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, *, lag: Timing, physics: Physics, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.lag = Draws(lag, stream(kernel.seed, f"lag:{comp.id}"))
        self.physics = physics
        self.wire: Draws | None = None  # the network from its primary, when a write crosses one
        self.spike: float | None = None
        self.lag_sum = 0.0  # of writes applied, for the lag series
        self.lag_n = 0
        self.missed: list[tuple[int, int, float, int]] = []  # writes sent while it was unreachable
        self.source: Any = None  # its primary (set when the primary links)
        self.reachable = True
        self.resync_due = False  # its primary came back while it was unreachable: fetch on catch-up
        self.promoted = False  # a failover made it the primary's data
        self._apply = self.apply

    def link(self, nodes: dict[str, Node]) -> None:
        super().link(nodes)
        self.source = nodes[self.comp.of]
        self.source.replicas.append(self)
        link = self.physics.link(self.source.comp, self.comp)
        if link is not None:
            self.wire = Draws(link[0], stream(self.kernel.seed, f"net:{self.source.id}:{self.id}"))

    def delay(self) -> float:
        """A write's lag here: its trip from the primary, then the replica's apply (a lag spike
        is the least it can be)."""
        d = self.lag
        lag = d.buf.pop() if d.buf else d.refill()
        if self.wire is not None:
            w = self.wire
            lag += w.buf.pop() if w.buf else w.refill()
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

    # -- faults ----------------------------------------------------------------------------
    def on_crash(self, t: float, instance: int | None, timeline: Any) -> None:
        super().on_crash(t, instance, timeline)
        self.reachable = False

    def on_recover(self, t: float, instance: int | None, timeline: Any) -> None:
        super().on_recover(t, instance, timeline)
        self.catch_up(t)

    def cut_from(self, peer: Node) -> None:
        if peer.id == self.comp.of:
            self.reachable = False

    def rejoined(self, t: float) -> None:
        if self.instances[0].alive and not self.reachable:
            self.catch_up(t)

    def lag_spike(self, lag_s: float | None) -> None:
        self.spike = lag_s

    def series(self, gauges: list[Any]) -> dict[str, list[Any]]:
        """The mean lag of the writes applied each second."""
        prev = [(0.0, 0), *gauges]
        return {"lag_ms": [ms((b[0] - a[0]) / (b[1] - a[1])) if b[1] > a[1] else None
                           for a, b in zip(prev, gauges, strict=False)]}
