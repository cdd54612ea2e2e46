"""A partitioned store: keys spread by hash or range over partitions with their own workers,
so a hot key overloads its own partition only."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from playground.core.build import per_op
from playground.core.kernel import KEY, OPS, READ, Kernel, Node
from playground.core.physics import Physics
from playground.core.station import Instance
from playground.core.store import Store
from playground.formats.base import Timing, timing
from playground.kinds.base import STATION_CPUS, ComponentBase, Price, machines
from playground.kinds.load_balancer import mix


class Shard(ComponentBase):
    """A partitioned store: keys spread by hash or range over partitions with their own workers,
    so a hot key overloads its own partition only."""

    new_id = "shard"
    mermaid = ("[(", ")]")
    dot = "cylinder"
    keeps = "data"
    billed = "workers"

    price = Price(
        what="one database node per partition",
        per_hour={"small": 0.1, "medium": 0.2, "large": 0.4, "xlarge": 0.8},
        capacity="worker slots",
        per_machine={"small": 16, "medium": 32, "large": 64, "xlarge": 128},
    )

    catalog = machines(STATION_CPUS, read_time=Timing(mean_ms=2.0), write_time=Timing(mean_ms=5.0))
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "read_time": "a partition's work takes what its machine takes: choose size and partitions",
        "write_time": "a partition's work takes what its machine takes: choose size and partitions",
        "vcpus": "a machine's CPUs come with its size: choose size",
    }

    roles = frozenset({"shard", "store"})
    kind: Literal["shard"]
    partitions: int = Field(4, ge=1, le=1024)
    partition_by: Literal["hash", "range"] = "hash"
    workers: int = Field(8, ge=1, le=10_000, description="Concurrent queries per partition.")
    vcpus: int | None = Field(
        None, ge=1, le=1024,
        description="CPUs of one partition (free play only; a challenge's world gives them by size). "
        "Calls in worker slots share them for their own work; none: as many as the slots.",
    )
    read_time: Timing = timing(2.0)
    write_time: Timing = timing(5.0)
    storage_gb: Annotated[float, Field(gt=0, le=1_000_000)] = Field(
        20.0, description="Disk per partition, GB."
    )

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        read = physics.timing(self, "read_time", self.read_time)
        write = physics.timing(self, "write_time", self.write_time)
        times = per_op(kernel, self.id, lambda op: read if OPS.index(op) == READ else write)
        return ShardNode(kernel, self, index, keys=physics.keys, instances=self.partitions, workers=self.workers,
                         queue_limit=None, draws=times, vcpus=physics.vcpus(self, self.vcpus))

    def attributes_read(self) -> frozenset[str]:
        return frozenset({"key"})

    def instance_count(self) -> int:
        return self.partitions

    def smaller(self, d: int, least: int) -> ComponentBase | str:
        """Partitions are queues of their own, each fed its keys' traffic: a few of them stand
        for the rest as well as many (no balancer pools them)."""
        return self.divided("partitions", d, min(least, 2))

    def concurrency(self) -> tuple[int, str] | None:
        return self.partitions * self.workers, "worker slots"

    def copies(self) -> tuple[int, str]:
        return self.partitions, "partition"

    def disk_gb(self) -> float | None:
        return self.storage_gb

    def skew_note(self) -> str:
        return (f"so its {self.workers:,} worker slots queue while the others idle; "
                f"partitioning by {self.partition_by} cannot split one hot key")


class ShardNode(Store):
    """Partitions, each its own instance with its own workers; a key always lands on the same
    one (by hash, or by range of the key space), so a hot key overloads its partition only."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, *, keys: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.by_range = comp.partition_by == "range"
        self.keys = keys
        self.calls_by_partition = [0] * len(self.instances)

    def pick(self, req: list) -> Instance:
        n = len(self.instances)
        i = min(req[KEY] * n // self.keys, n - 1) if self.by_range else mix(req[KEY]) % n
        self.calls_by_partition[i] += 1
        return self.instances[i]

    def extra(self) -> dict[str, Any]:
        return {"calls_by_partition": list(self.calls_by_partition)}
