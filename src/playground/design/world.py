"""The world a challenge owns: its regions and zones and the network between them, the parts its
story gives (a payment provider, a mailer, a legacy database), the application's own work on
each operation, the machine catalog (with the story's overrides), replication and failover
floors. A design in a challenge chooses kinds, sizes, counts, placement and policies; the world
gives every time, lag and CPU. `WorldPhysics` is what the engine asks (playground.core.physics).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from playground.core.physics import FreePlay, Physics
from playground.formats.base import Operation, StrictModel, Timing
from playground.kinds import KINDS, Component
from playground.kinds.base import ComponentBase, Machine, Size

ZoneName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


def _lognormal(mean_ms: float, p99_ms: float) -> Timing:
    return Timing(distribution="lognormal", mean_ms=mean_ms, p99_ms=p99_ms)


class Network(StrictModel):
    """One-way times of a message between two components, by how far apart they are. Defaults
    are of the order measured on a public cloud (docs/catalog.md): a tenth of a millisecond
    within a zone, half a millisecond across zones of a region, tens across regions."""

    same_zone: Timing = Field(default_factory=lambda: _lognormal(0.1, 0.5))
    cross_zone: Timing = Field(default_factory=lambda: _lognormal(0.5, 1.5))
    cross_region: Timing = Field(default_factory=lambda: _lognormal(35.0, 45.0))
    between_regions: dict[str, Timing] = Field(
        default_factory=dict, description="One pair's cross-region time, keyed `a|b` (either order)."
    )
    clients: Timing | None = Field(
        None, description="From the users to the entry's region, one way (none: not counted)."
    )

    def between(self, a: str, b: str) -> Timing:
        return self.between_regions.get(f"{a}|{b}") or self.between_regions.get(f"{b}|{a}") or self.cross_region


class World(StrictModel):
    """What a challenge owns. Present, it makes the challenge's physics its own: a design's
    physics fields are refused (each kind says which, and what to choose instead)."""

    regions: dict[ZoneName, list[ZoneName]] = Field(
        default_factory=lambda: {"main": ["main-a", "main-b"]},
        description="Regions and their zones; a design places components in these zones "
        "(the first zone of the first region when it names none).",
    )
    network: Network = Field(default_factory=Network)
    given: list[Component] = Field(
        default_factory=list, max_length=50,
        description="Parts the story provides, with their behaviour: a design calls them by id and "
        "may not define, rename or re-time them.",
    )
    chosen: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Fields of a given part that the design chooses, by the part's id (a legacy "
        "database's `size` and `workers`): a design lists the part with its id, its kind and "
        "these fields only; everything else about it is the story's.",
    )
    work: dict[Operation, Timing] = Field(
        default_factory=dict,
        description="The application's own work (CPU time) for each operation on each service it passes.",
    )
    consume: Timing = Field(default_factory=lambda: Timing(mean_ms=5.0),
                            description="A queue consumer's own work per message.")
    replication: Timing = Field(default_factory=lambda: Timing(mean_ms=20.0),
                                description="How long a replica takes to apply a write once it arrives.")
    failover_detection_s: float = Field(10.0, gt=0, le=3600,
                                        description="The least time a failover can take to declare a primary dead.")
    machines: dict[str, dict[Size | Literal["every"], Machine]] = Field(
        default_factory=dict,
        description="The story's own rows of the machine catalog, by kind and size (`every`: at every size); "
        "a row names only what differs from the catalog (docs/catalog.md). A row keyed by a role (`store`) "
        "is every kind's that plays it (a query takes as long on a shard or a replica as on a database); "
        "a kind's own row goes over it.")

    @model_validator(mode="after")
    def _zones_once(self) -> World:
        zones = [z for zs in self.regions.values() for z in zs]
        if not zones:
            raise ValueError("a world needs at least one zone")
        if len(set(zones)) != len(zones):
            raise ValueError("a zone belongs to one region only")
        roles = {r for kind in KINDS.values() for r in kind.roles}
        unknown = sorted(set(self.machines) - set(KINDS) - roles)
        if unknown:
            raise ValueError(f"machines: no kind or role called {', '.join(unknown)}")
        given = {c.id: c for c in self.given}
        for part, fields in self.chosen.items():
            if part not in given:
                raise ValueError(f"chosen: {part!r} is not a part the world gives")
            wrong = sorted(set(fields) - self.choosable(given[part]))
            if wrong:
                raise ValueError(f"chosen.{part}: a design may not choose {', '.join(wrong)} "
                                 f"(it may choose {', '.join(sorted(self.choosable(given[part])))})")
        return self

    @staticmethod
    def choosable(part: ComponentBase) -> set[str]:
        """The fields of a given part a story may leave to the design: its configuration, never
        its name, kind, calls or physics (those are the story); a chosen zone stays in the
        story's region."""
        return set(type(part).model_fields) - {"id", "kind", "label", "calls"} - set(part.physics)

    # -- places ----------------------------------------------------------------------------
    @property
    def zones(self) -> list[str]:
        return [z for zs in self.regions.values() for z in zs]

    def region_of(self, zone: str) -> str:
        return next(r for r, zs in self.regions.items() if zone in zs)

    def zone_of(self, comp: ComponentBase) -> str:
        """Its zone; a component placed in a region (or nowhere) is reached at the region's first."""
        if comp.zone in self.regions:
            return self.regions[comp.zone][0]
        return comp.zone if comp.zone in self.zones else self.zones[0]

    def zones_of(self, comp: ComponentBase) -> tuple[str, ...]:
        """The zones its instances are spread over: the region's, in order, when it is placed in
        a region (instance i in the (i mod n)-th); else its one zone."""
        if comp.zone in self.regions:
            return tuple(self.regions[comp.zone])
        return (self.zone_of(comp),)

    def given_ids(self) -> set[str]:
        return {c.id for c in self.given}

    def sized(self, comp: ComponentBase) -> ComponentBase | None:
        """The given part `comp` chooses the fields of (the design's listing of it, with the
        same id and kind), with the fields the world lets it choose taken from `comp`; None when
        the world lets the design choose nothing of a part of that id and kind."""
        part = next((g for g in self.given if g.id == comp.id), None)
        if part is None or part.kind != comp.kind or comp.id not in self.chosen:
            return None
        fields = comp.model_fields_set & set(self.chosen[comp.id])
        return part.model_copy(update={f: getattr(comp, f) for f in fields})

    def machine(self, comp: ComponentBase) -> Machine:
        """The catalog's row for the component's kind and size, with what the story's own rows
        say in its place (`every` size, then this size): a row names only what differs (a
        database whose reads take 8 ms keeps the catalog's CPUs and write time), and a size no
        row names is the catalog's (never a machine without a CPU limit)."""
        row = type(comp).catalog.get(comp.size) or Machine()
        keys = [*sorted(r for r in type(comp).roles if r != comp.kind), comp.kind]  # roles first, the kind over them
        for rows in (self.machines.get(k, {}) for k in keys):
            for own in (rows.get("every"), rows.get(comp.size)):
                if own is not None:
                    vcpus = own.vcpus if own.vcpus is not None else row.vcpus  # none: not named here
                    row = Machine(vcpus=vcpus, times={**row.times, **own.times})
        return row


class WorldPhysics:
    """The engine's physics in a challenge that owns its world."""

    def __init__(self, world: World, keys: int):
        self.world = world
        self.keys = keys
        # a given part behaves as the story wrote it; what the story left out of it (a legacy
        # database's CPUs, when its size is the design's to choose) is the world's, as for any part
        self.written = {c.id: frozenset(c.model_fields_set) for c in world.given}

    def story_wrote(self, comp: Any, name: str) -> bool:
        return name.partition(".")[0] in self.written.get(comp.id, ())

    def timing(self, comp: Any, name: str, own: Timing) -> Timing:
        if self.story_wrote(comp, name):
            return own
        if name == "lag":
            return self.world.replication
        if name == "consumer_time":
            return self.world.consume
        return self.world.machine(comp).times.get(name, own)

    def work(self, comp: Any, op: Operation, own: Timing) -> Timing:
        if self.story_wrote(comp, "service_time") or self.story_wrote(comp, "op_service_time"):
            return own
        return self.world.work.get(op, own)

    def vcpus(self, comp: Any, own: int | None) -> int | None:
        if self.story_wrote(comp, "vcpus"):
            return own
        return self.world.machine(comp).vcpus

    def link(self, caller: Any, callee: Any) -> tuple[Timing, Timing] | None:
        a, b = self.world.zone_of(caller), self.world.zone_of(callee)
        if a == b:
            t = self.world.network.same_zone
        elif self.world.region_of(a) == self.world.region_of(b):
            t = self.world.network.cross_zone
        else:
            t = self.world.network.between(self.world.region_of(a), self.world.region_of(b))
        return t, t

    def from_clients(self, entry: Any) -> tuple[Timing, Timing] | None:
        t = self.world.network.clients
        return None if t is None else (t, t)

    def zone_of(self, comp: Any) -> str | None:
        return self.world.zone_of(comp)

    def zones_of(self, comp: Any) -> tuple[str | None, ...]:
        return self.world.zones_of(comp)

    def region_of(self, comp: Any) -> str | None:
        return self.world.region_of(self.world.zone_of(comp))


def physics(world: World | None, keys: int) -> Physics:
    return FreePlay(keys) if world is None else WorldPhysics(world, keys)
