"""What the engine asks of the world a run happens in: how long a component's own work takes,
how many CPUs it has, and what a call between two components pays on the network.

A design run with no world (free play: the sandbox, the theory tests) answers from the design's
own fields (`FreePlay`). A challenge that owns its world answers from the world and the machine
catalog instead (playground.design.world), and the design's fields that are physics are refused
before the run. Kinds ask only through this protocol, so neither the engine nor a kind knows
which it is given.
"""

from __future__ import annotations

from typing import Any, Protocol

from playground.formats.base import Operation, Timing


class Physics(Protocol):
    keys: int
    """How many distinct keys the traffic has (a range-partitioned store splits them)."""

    def timing(self, comp: Any, name: str, own: Timing) -> Timing:
        """How long `comp`'s work called `name` takes (a database's `read_time`, a replica's
        `lag`); `own` is the design's own value, which free play uses."""
        ...

    def work(self, comp: Any, op: Operation, own: Timing) -> Timing:
        """The application's own work (CPU time) for operation `op` on a service."""
        ...

    def vcpus(self, comp: Any, own: int | None) -> int | None:
        """CPUs of one instance of `comp` (None: as many as its slots, so CPU never binds)."""
        ...

    def link(self, caller: Any, callee: Any) -> tuple[Timing, Timing] | None:
        """One-way network times of a call from `caller` to `callee`: there and back (None:
        the call costs no network time)."""
        ...

    def from_clients(self, entry: Any) -> tuple[Timing, Timing] | None:
        """One-way network times between the users and the entry (None: not counted)."""
        ...

    def zone_of(self, comp: Any) -> str | None:
        """The zone a component is in (a fault aimed at `zone:NAME` strikes it)."""
        ...

    def region_of(self, comp: Any) -> str | None:
        ...

    def zones_of(self, comp: Any) -> tuple[str | None, ...]:
        """The zones its instances are spread over, instance i in the (i mod n)-th: one zone,
        or every zone of the region it is placed in."""
        ...


class FreePlay:
    """The design's own fields are the physics: any time, any lag, no network."""

    def __init__(self, keys: int):
        self.keys = keys

    def timing(self, comp: Any, name: str, own: Timing) -> Timing:
        return own

    def work(self, comp: Any, op: Operation, own: Timing) -> Timing:
        return own

    def vcpus(self, comp: Any, own: int | None) -> int | None:
        return own

    def link(self, caller: Any, callee: Any) -> tuple[Timing, Timing] | None:
        return None

    def from_clients(self, entry: Any) -> tuple[Timing, Timing] | None:
        return None

    def zone_of(self, comp: Any) -> str | None:
        return comp.zone

    def zones_of(self, comp: Any) -> tuple[str | None, ...]:
        return (comp.zone,)

    def region_of(self, comp: Any) -> str | None:
        return None
