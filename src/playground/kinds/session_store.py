"""A shared session store: durable session state any instance can reach, so a session survives
the instance that served it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.build import per_op
from playground.core.kernel import Kernel, Node
from playground.core.physics import Physics
from playground.core.station import Station
from playground.formats.base import Timing, timing
from playground.kinds.base import STATION_CPUS, ComponentBase, Price, machines


class SessionStore(ComponentBase):
    """Durable shared session state, so any instance can serve any session."""

    new_id = "sessions"
    drawn_as = "sessions"
    drawn_short = "sess"
    mermaid = ("[[", "]]")
    dot = "box3d"
    keeps = "sessions"
    billed = "workers"

    price = Price(
        what="a managed in-memory key-value node holding sessions",
        per_hour={"small": 0.06, "medium": 0.12, "large": 0.24, "xlarge": 0.48},
        capacity="worker slots",
        per_machine={"small": 64, "medium": 128, "large": 256, "xlarge": 512},
    )

    catalog = machines(STATION_CPUS, op_time=Timing(mean_ms=0.3))
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "op_time": "a session store's work takes what its machine takes: choose its size",
        "vcpus": "a machine's CPUs come with its size: choose size",
    }

    roles = frozenset({"session_store"})
    kind: Literal["session_store"]
    workers: int = Field(32, ge=1, le=10_000)
    vcpus: int | None = Field(
        None, ge=1, le=1024,
        description="CPUs of the machine (free play only; a challenge's world gives them by size). "
        "Calls in worker slots share them for their own work; none: as many as the slots.",
    )
    op_time: Timing = timing(1.0)

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        op_time = physics.timing(self, "op_time", self.op_time)
        return SessionStoreNode(kernel, self, index, instances=1, workers=self.workers, queue_limit=None,
                                draws=per_op(kernel, self.id, lambda op: op_time),
                                vcpus=physics.vcpus(self, self.vcpus))

    def concurrency(self) -> tuple[int, str] | None:
        return self.workers, "worker slots"


class SessionStoreNode(Station):
    """A station whose reads answer with the session's state (which the engine does not
    version): a read reaching it has found its data."""

    reads_end = True
