"""A primary database: its replication to read replicas (or a leaderless quorum of copies),
where its reads go, failover when it dies, and backups.

A write is acknowledged when the replication mode says so: at once (async), when the first
replica has it (semi_sync), when all reachable replicas have it (sync). A crash cuts the
stream to the replicas (writes still on their way are lost); failover promotes the most
up-to-date reachable replica after detection and promotion.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from playground.core.build import per_op
from playground.core.kernel import OPS, READ, Kernel, Node, Ret
from playground.core.physics import Physics
from playground.core.store import Store
from playground.formats.base import Fraction, Seconds, StrictModel, Timing, timing
from playground.kinds.base import STATION_CPUS, Check, ComponentBase, Price, machines


class Failover(StrictModel):
    """Promotion of a replica when the primary dies."""

    detection_s: Annotated[float, Field(gt=0, le=3600)] = Field(
        10.0, description="Seconds before the primary is declared dead."
    )
    promotion_s: Annotated[float, Field(ge=0, le=3600)] = Field(
        20.0, description="Seconds to promote a replica after detection."
    )


class Delays(StrictModel):
    """The four delays of the WARS model (Bailis et al., PBS, VLDB 2012), drawn for each copy
    and each request on its own: a write reaching a copy, its acknowledgement coming back, a
    read request reaching a copy, and its response coming back."""

    write: Timing | None = Field(None, description="W: a write reaching a copy (none: replica_time).")
    ack: Timing | None = Field(None, description="A: a copy's acknowledgement of a write (none: instant).")
    read: Timing | None = Field(None, description="R: a read request reaching a copy (none: replica_time).")
    response: Timing | None = Field(None, description="S: a copy's response to a read (none: instant).")


class Quorum(StrictModel):
    """Leaderless replication (Dynamo style): a write waits for W of N copies, a read asks R."""

    n: int = Field(3, ge=1, le=15)
    r: int = Field(2, ge=1, le=15)
    w: int = Field(2, ge=1, le=15)
    replica_time: Timing = timing(2.0)
    delays: Delays | None = Field(
        None, description="Separate delays per copy for a write, its ack, a read and its response "
        "(PBS's WARS); none: one replica_time for a write reaching a copy and for a copy's answer.",
    )

    @model_validator(mode="after")
    def _within_n(self) -> Quorum:
        if self.r > self.n or self.w > self.n:
            raise ValueError(f"r and w cannot exceed n (n={self.n}, r={self.r}, w={self.w})")
        return self


class Database(ComponentBase):
    """A primary database: worker slots, read and write times, replication to its replicas."""

    new_id = "db"
    drawn_short = "db"
    mermaid = ("[(", ")]")
    dot = "cylinder"
    keeps = "data"
    billed = "workers"

    price = Price(
        what="a managed relational database node (each quorum copy is a node)",
        per_hour={"small": 0.1, "medium": 0.2, "large": 0.4, "xlarge": 0.8},
        capacity="worker slots",
        per_machine={"small": 16, "medium": 32, "large": 64, "xlarge": 128},
    )

    catalog = machines(STATION_CPUS, read_time=Timing(mean_ms=2.0), write_time=Timing(mean_ms=5.0))
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "read_time": "a database's work takes what its machine takes: choose its size, replicas or a cache instead",
        "write_time": "a database's work takes what its machine takes: choose its size, or shard the writes instead",
        "vcpus": "a machine's CPUs come with its size: choose size",
    }

    roles = frozenset({"database", "primary", "store"})
    kind: Literal["database"]
    workers: int = Field(16, ge=1, le=10_000, description="Concurrent queries.")
    vcpus: int | None = Field(
        None, ge=1, le=1024,
        description="CPUs of the machine (free play only; a challenge's world gives them by size). "
        "Calls in worker slots share them for their own work; none: as many as the slots.",
    )
    read_time: Timing = timing(2.0)
    write_time: Timing = timing(5.0)
    replication: Literal["async", "semi_sync", "sync"] = Field(
        "async", description="When a write is acknowledged relative to its replicas."
    )
    read_from: Literal["primary", "replicas", "read_your_writes"] = Field(
        "primary",
        description="Where reads go; read_your_writes sends a session that wrote recently "
        "to the primary and the rest to replicas.",
    )
    read_your_writes_window_s: Seconds = Field(5.0, description="How recent a write counts.")
    replica_read_share: Fraction = Field(
        1.0,
        description="Of the reads read_from would send to a replica, the share that go there (each "
        "read drawn at random); the rest go to the primary.",
    )
    updates: Literal["read_modify_write", "conditional"] = Field(
        "read_modify_write",
        description="How a decrement is done: read then write (races), or compare-and-set.",
    )
    failover: Failover | None = Field(None, description="Promote a replica when the primary dies.")
    backup_interval_s: Annotated[float, Field(gt=0, le=604_800)] | None = Field(
        None, description="Seconds between backups; none: no backups."
    )
    quorum: Quorum | None = Field(None, description="Leaderless quorum replication instead.")
    storage_gb: Annotated[float, Field(gt=0, le=1_000_000)] = Field(20.0, description="Disk, GB.")

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        read = physics.timing(self, "read_time", self.read_time)
        write = physics.timing(self, "write_time", self.write_time)
        times = per_op(kernel, self.id, lambda op: read if OPS.index(op) == READ else write)
        if self.quorum is not None:
            from playground.kinds.quorum import (
                QuorumDatabaseNode,  # it builds on DatabaseNode, below
            )

            return QuorumDatabaseNode(kernel, self, index, instances=1, workers=self.workers, queue_limit=None,
                                      draws=times, conditional=self.updates == "conditional",
                                      vcpus=physics.vcpus(self, self.vcpus),
                                      copy_time=physics.timing(self, "quorum.replica_time", self.quorum.replica_time),
                                      delays=self.quorum.delays)
        return DatabaseNode(kernel, self, index, instances=1, workers=self.workers, queue_limit=None, draws=times,
                            conditional=self.updates == "conditional", vcpus=physics.vcpus(self, self.vcpus))

    def attributes_read(self) -> frozenset[str]:
        return frozenset({"session"}) if self.read_from == "read_your_writes" else frozenset()

    def checks(self, design: Any) -> Iterator[Check]:
        if self.read_from != "primary" and not _replicas(design, self.id):
            yield (("read_from",), f"reads go to replicas but {self.id!r} has none",
                   "add a replica with of: " + self.id, "warning")
        if self.read_from == "primary" and self.replica_read_share < 1.0:
            yield (("replica_read_share",), "a share of reads to replicas needs read_from: replicas "
                   "or read_your_writes", "set read_from, or remove replica_read_share", "warning")

    def concurrency(self) -> tuple[int, str] | None:
        return self.workers * (self.quorum.n if self.quorum else 1), "worker slots"

    def world_checks(self, world: Any) -> Iterator[Check]:
        floor = world.failover_detection_s
        if self.failover is not None and self.failover.detection_s < floor:
            yield (("failover", "detection_s"), f"the database engine cannot tell a dead primary in less than {floor:g} s",
                   f"detection_s: {floor:g} or more", "error")
        if self.quorum is not None:
            for field in ("replica_time", "delays"):
                if field in self.quorum.model_fields_set:
                    yield (("quorum", field), "a copy's time is the world's in this challenge",
                           "choose n, r and w instead", "error")

    def copies(self) -> tuple[int, str]:
        return (self.quorum.n, "quorum node") if self.quorum is not None else (1, "node")

    def takes_over_s(self) -> float | None:
        """A replica answers in its place once the failover has detected and promoted."""
        if self.failover is None or self.quorum is not None:
            return None
        return self.failover.detection_s + self.failover.promotion_s

    def disk_gb(self) -> float | None:
        return self.storage_gb

    def backed_up(self) -> bool:
        return self.backup_interval_s is not None

    def cause(self, anomaly: str, evidence: Any) -> str | None:
        if anomaly in ("stale_read", "read_your_writes", "monotonic_read") and self.read_from != "primary":
            return (f"reads go to replicas (read_from: {self.read_from}) that apply "
                    f"writes after a lag ({self.replication} replication)")
        if anomaly in ("oversell", "lost_update") and self.updates == "read_modify_write":
            return "concurrent decrements read the same stock and both write (updates: read_modify_write)"
        if anomaly == "lost_write" and self.replication == "async":
            crash = evidence.fault_hitting({self.id}, float("inf"))
            when = f" when it failed at {evidence.t(crash.t_s)}" if crash else ""
            return f"acknowledged writes not yet on a replica were gone{when} (replication: async)"
        return None

    def outage_note(self, design: Any) -> str:
        replicas = _replicas(design, self.id)
        if not replicas:
            return "; it has no replica to promote, so it stays down until it is repaired"
        if self.failover is None:
            return f"; {replicas[0].id} could take over, but {self.id} has no failover block"
        return ""


def _replicas(design: Any, db: str) -> list[Any]:
    """The components that copy database `db` (by a field that names it, as a replica's `of`)."""
    return [c for c in design.components if any(getattr(c, f) == db for f in c.refers)]


class DatabaseNode(Store):
    """A primary. Reads go to the primary, spread over its replicas, or, with read_your_writes,
    to the primary for a session that wrote within the window and to a replica otherwise."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.read_from: str = comp.read_from
        self.window = comp.read_your_writes_window_s
        self.replication: str = comp.replication
        self.replicas: list[Any] = []  # its replicas' nodes, which attach themselves when they link
        self.last_write: dict[int, float] = {}  # session -> time its latest write committed
        self.to_replicas = 0
        self.rr_replica = 0
        share = comp.replica_read_share
        # A share below one draws for each read (its own stream); a whole share draws nothing.
        self.share_draw = random.Random(f"{kernel.seed}/read_share:{comp.id}").random if share < 1.0 else None
        self.share = share
        self.backups: list[tuple[float, int]] = []  # (time, keys held)
        self.epoch = 0  # bumped by a crash: writes still on their way to replicas are lost

    def count_calls_by_op(self, into: list[int] | None = None) -> None:
        """Its replicas' calls count as its own: a read a replica answers reached its data."""
        super().count_calls_by_op(into)
        for replica in self.replicas:
            replica.count_calls_by_op(self.by_op)

    def own_entry(self) -> None:
        """Reads that never leave the primary skip the routing decision."""
        if self.read_from == "primary" or not self.replicas:
            self.enter = self.admit  # type: ignore[method-assign]

    def redirect(self, t: float, req: list) -> Node:
        """A read goes to a replica (round robin) when reads do, or when its session wrote
        nothing within the window (read_your_writes), and then only a replica_read_share of
        them (drawn); everything else to the primary."""
        if (req[1] == READ and self.replicas and self.read_from != "primary"
                and (self.read_from == "replicas" or t - self.last_write.get(req[3], -1e18) > self.window)
                and (self.share_draw is None or self.share_draw() < self.share)):
            self.to_replicas += 1
            self.rr_replica += 1
            return self.replicas[self.rr_replica % len(self.replicas)]
        return self

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        self.redirect(t, req).admit(t, req, ctx, ret)

    def replicate(self, t: float, key: int, v: int) -> float:
        lags = [r.send(t, key, v, self.epoch) for r in self.replicas if r.reachable or self.replication == "async"]
        if not lags or self.replication == "async":
            return 0.0
        return min(lags) if self.replication == "semi_sync" else max(lags)

    def committed(self, t: float, req: list) -> None:
        if self.read_from == "read_your_writes":
            self.last_write[req[3]] = t

    # -- crashes, failover, backups ---------------------------------------------------------
    def start(self, timeline: Any) -> None:
        if self.comp.backup_interval_s:
            self.kernel.at(self.comp.backup_interval_s, self.backup, timeline)

    def on_crash(self, t: float, instance: int | None, timeline: Any) -> None:
        super().on_crash(t, instance, timeline)
        self.epoch += 1
        if self.comp.failover is not None and self.replicas:
            f = self.comp.failover
            self.kernel.at(t + f.detection_s + f.promotion_s, self.failover, timeline)
        if self.backups:
            last = self.backups[-1][0]
            timeline.log(t, "backup_rpo", self.id, rpo_s=round(t - last, 6))

    def on_recover(self, t: float, instance: int | None, timeline: Any) -> None:
        super().on_recover(t, instance, timeline)
        crashed = timeline.crashed_at.get(self.id)
        if crashed is not None:
            for replica in self.replicas:  # the crash cut their stream; they resume from the primary
                replica.resync()
            timeline.log(t, "serving", self.id, rto_s=round(t - crashed, 6))

    def failover(self, t: float, timeline: Any) -> None:
        """Promote the most up-to-date reachable replica, after it has taken from the other
        reachable replicas what they received and it did not (as failover tools replay the most
        advanced replica's log): acknowledged writes no reachable replica got are lost."""
        if self.instances[0].alive:
            return
        candidates = [r for r in self.replicas if r.reachable]
        if not candidates:
            return
        best = max(candidates, key=lambda r: (sum(r.versions.values()), -r.index))
        for other in candidates:
            if other is not best:
                best.take(other.versions)
        ledger = self.ledger
        lost = 0
        oldest: float | None = None
        if self.tracking and ledger is not None:
            for key in list(ledger.acked):
                kept = best.versions.get(key, 0)
                n = ledger.rollback(t, key, kept)
                if n:
                    lost += n
            for times in ledger.lost_times:
                oldest = times if oldest is None else min(oldest, times)
            ledger.lost_times.clear()
            if lost:
                ledger.lost_in_failover(t, lost)
        self.versions = dict(best.versions)
        self.replicas = [r for r in self.replicas if r is not best]
        best.promoted = True
        self.recover(t, 0)
        timeline.relink()
        crashed = timeline.crashed_at.pop(self.id, t)
        timeline.log(t, "failover", self.id, promoted=best.id, lost_writes=lost, rto_s=round(t - crashed, 6),
                     rpo_s=round(crashed - oldest, 6) if oldest is not None else 0.0)

    def backup(self, t: float, timeline: Any) -> None:
        if self.instances[0].alive:
            self.backups.append((t, len(self.versions)))
            if len(self.backups) > 8:
                del self.backups[0]
        self.kernel.at(t + self.comp.backup_interval_s, self.backup, timeline)

    def extra(self) -> dict[str, Any]:
        out = {"reads_to_replicas": self.to_replicas, **super().extra()}
        if self.comp.backup_interval_s:
            out["backups"] = len(self.backups)
        return out
