"""What a design needs to answer a read, as a structure of parts that fail (series, k-of-n,
failover, degradable), and the failure processes a challenge's faults keep up over a long
horizon: the model playground.core.horizon runs for a simulated year.

The structure follows the design's own calls from the entry, for a read: a component is its
instances (any one of a service's, or as many as the challenge's `horizon.needs` says the load
needs; every partition of a shard), then, in series, each call a read makes; a call its caller
can do without (optional, with a fallback) is degradable; a store whose copies take over (a
database with replicas and a failover block) answers while its current leader does. Each kind
answers for itself (`needed_up`, `takes_over_s`, `answers_without`); no kind is named here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from playground.core.horizon import AtLeast, Degradable, Part, Renewal, Structure, Takeover, series
from playground.design.graph import links
from playground.formats.base import StrictModel

if TYPE_CHECKING:
    from playground.core.physics import Physics
    from playground.design.model import Design
    from playground.kinds.base import ComponentBase

Aim = Annotated[str, Field(pattern=r"^(role:)?[a-z][a-z0-9_-]{0,39}$")]


class Horizon(StrictModel):
    """A long run of failures and repairs without requests (docs/engine.md, "A long horizon")."""

    days: float = Field(365.0, ge=1, le=3650, description="Days simulated: 365 is a year, in 12 equal months.")
    needs: dict[Aim, Annotated[int, Field(ge=1, le=999)]] = Field(
        default_factory=dict,
        description="Instances the load needs up, by component id or `role:NAME`: a service answers while "
        "at least this many of its instances are up (1 when not named).",
    )


def model(system: Design, faults: list, horizon: Horizon, physics: Physics) -> tuple[Structure, list[Renewal]]:
    """The structure a read of `system` (the design with the parts the world gives) needs from
    its entry, and the failure processes `faults` keep up over the horizon."""
    comps = {c.id: c for c in system.components}
    entry = system.entry or ""
    processes: list[Renewal] = []
    hits: dict[tuple[str, int | None], list[int]] = {}
    for index, fault in enumerate(faults):
        for target in fault.aims():
            struck = _struck(target, system, entry, physics)
            for law, downs in fault.long_run(index, struck):
                processes.append(law)
                for down in downs:
                    hits.setdefault(down, []).append(len(processes) - 1)
    graph = links(system)

    def machines(c: ComponentBase) -> Structure:
        n = _instances(c, physics)
        parts = [Part(c.id if n == 1 else f"{c.id}[{i}]", tuple(hits.get((c.id, i), []))) for i in range(n)]
        k = 1 if _spanning(c, physics) else _needed(c, horizon)
        own = parts[0] if n == 1 and k == 1 else AtLeast(k, tuple(parts))
        switch = c.takes_over_s()
        copies = [comps[b] for b, replica in graph.get(c.id, {}).items() if replica and b in comps]
        if switch is not None and copies:
            return Takeover((own, *(machines(r) for r in copies)), switch)
        return own

    def needs(cid: str, path: frozenset[str]) -> Structure:
        c = comps[cid]
        calls = [call for call in c.calls if call.to in comps and call.to not in path
                 and (call.ops is None or "read" in call.ops)]
        if c.forwards:
            calls = calls[:1]
        inner = path | {cid}
        subs = [Degradable(needs(call.to, inner)) if c.answers_without(call) else needs(call.to, inner)
                for call in calls]
        return series(machines(c), *subs)

    return needs(entry, frozenset()), processes


def _needed(c: ComponentBase, horizon: Horizon) -> int:
    """How many of its instances the load needs up: the challenge's word, else the kind's."""
    for aim, need in horizon.needs.items():
        if aim == c.id or (aim.startswith("role:") and aim.removeprefix("role:") in c.roles):
            return need
    return c.needed_up()


def _spanning(c: ComponentBase, physics: Physics) -> bool:
    return c.spans_zones and len(physics.zones_of(c)) > 1


def _instances(c: ComponentBase, physics: Physics) -> int:
    """Its instances as failures see them: a kind that spans zones has one node in each."""
    return len(physics.zones_of(c)) if _spanning(c, physics) else c.instance_count()


def _struck(target: str, system: Design, entry: str, physics: Physics) -> list[tuple[str, tuple[int, ...]]]:
    """The components a fault aimed at `target` strikes, as the run's timeline finds them
    (playground.core.faults.Timeline.targets), each with the instances it reaches: all of them,
    or for a zone those placed in it (instance i of a component spread over a region's n zones
    is in the (i mod n)-th)."""
    how, _, name = target.rpartition(":")
    out = []
    for c in system.components:
        zones = physics.zones_of(c)
        every = tuple(range(_instances(c, physics)))
        if how == "zone":
            reached = tuple(i for i in every if zones[i % len(zones)] == name)
        elif how == "role":
            reached = every if (c.id == entry if name == "entry" else name in c.roles) else ()
        elif how == "region":
            reached = every if physics.region_of(c) == name else ()
        else:
            reached = every if c.id == target else ()
        if reached:
            out.append((c.id, reached))
    return out
