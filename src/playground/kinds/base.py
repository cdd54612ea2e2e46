"""What every component kind shares: its fields (id, label, zone, size, calls) and the questions
the rest of the program asks a kind, each answered here for most kinds and overridden by a
kind's own module where it differs. Nothing outside a kind's module tests a kind by its name."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from playground.formats.base import (
    ID_PATTERN,
    ComponentId,
    Name,
    Operation,
    StrictModel,
    Timing,
    or_shorthand,
)

Usd = Annotated[float, Field(ge=0, le=1_000_000)]

if TYPE_CHECKING:
    from playground.core.kernel import Kernel, Node
    from playground.core.physics import Physics

Size = Literal["small", "medium", "large", "xlarge"]

Check = tuple[tuple[Any, ...], str, "str | None", str]
"""A problem a kind finds in a design: (path within the component, message, hint, severity)."""


class Price(StrictModel):
    """What a kind costs: per machine-hour by size, and how much of the kind's capacity (its
    `billed` field's units) one machine carries; per million requests and per GB served, for
    what is metered by use. Round figures of the order of on-demand cloud prices (docs/cost.md)."""

    what: str
    per_hour: dict[Size, Usd] = Field(default_factory=dict)
    capacity: str | None = None
    per_machine: dict[Size, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)
    per_million_requests: Usd | None = None
    per_gb: Usd | None = None


class Machine(StrictModel):
    """One row of the machine catalog: a kind at a size. Its CPUs, and how long its own work
    takes there (a database's `read_time`, a cache's `hit_time`); the price and what one
    machine holds are the kind's `price` at that size. Figures and their sources: docs/catalog.md."""

    vcpus: int | None = Field(None, ge=1, le=1024, description="CPUs (none: the kind's work is not CPU-bound).")
    times: dict[str, Timing] = Field(default_factory=dict, description="Its own work's times, by field.")


def machines(vcpus: tuple[int, ...] | None = None, **times: Timing) -> dict[Size, Machine]:
    """A kind's catalog: the CPUs of each size (small, medium, large, xlarge), doubling as the
    price does, and the same times at every size (a larger machine does more at once, each
    piece of work no faster)."""
    sizes: tuple[Size, ...] = ("small", "medium", "large", "xlarge")
    cpus = vcpus or (None, None, None, None)
    return {size: Machine(vcpus=n, times=dict(times)) for size, n in zip(sizes, cpus, strict=True)}


STATION_CPUS = (2, 4, 8, 16)
"""vCPUs of a general-purpose machine at each size (docs/catalog.md)."""


class Call(StrictModel):
    """One downstream call: to whom, and for which operations (all of them when omitted)."""

    to: ComponentId = Field(description="The id of the component called.")
    ops: list[Operation] | None = Field(
        None, description="Operations that make this call; omitted means every operation."
    )
    optional: bool = Field(
        False, description="A read can be answered without it (recommendations on a product page): "
        "with the caller's fallback on, its failure makes the answer degraded instead of failed.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        return {"to": data} if isinstance(data, str) else data

    @classmethod
    def __get_pydantic_json_schema__(cls, core: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The schema says what the loader takes: a bare id calls it for every operation."""
        return or_shorthand(handler(core), handler, {
            "type": "string", "pattern": ID_PATTERN, "description": "The id of the component called, for every operation."})


class ComponentBase(StrictModel):
    # -- facts about the kind, set by each kind's module -----------------------------------
    new_id: ClassVar[str] = "component"
    """The id a new component of the kind gets (with -2, -3 ... when taken)."""
    drawn_as: ClassVar[str] = ""
    """The kind's name in a diagram's box (its `kind` when empty), and `drawn_short` when the
    box is narrow."""
    drawn_short: ClassVar[str] = ""
    mermaid: ClassVar[tuple[str, str]] = ("[", "]")
    """The brackets of its Mermaid node shape, and its Graphviz shape."""
    dot: ClassVar[str] = "box"
    keeps: ClassVar[str | None] = None
    """What it keeps that a request's data can come from or go to: "data" (a store), "copies"
    (a cache), "sessions", "messages" (a queue), or nothing."""
    applies_effects: ClassVar[bool] = False
    """A side effect (a charge, an email) happens here: a third party."""
    forwards: ClassVar[bool] = False
    """It passes each call on to its first callee only (a balancer, a rate limiter)."""
    refers: ClassVar[dict[str, str]] = {}
    """Fields that name another component, and the kind that component must be: a replica's
    `of` names the database it copies. It joins the design by that field, not by being called."""
    has: ClassVar[frozenset[str]] = frozenset()
    """What a fault may need of its target that only some kinds have ("replication lag")."""
    billed: ClassVar[str | None] = None
    """The field whose units a machine of its size carries (worker slots, items): the bill buys
    as many machines as those units need."""
    price: ClassVar[Price]
    """What it costs (every kind states its own)."""
    catalog: ClassVar[dict[Size, Machine]] = {}
    """Its machines by size: CPUs and the times of its own work, in a challenge's world."""
    roles: ClassVar[frozenset[str]] = frozenset()
    """The roles it plays, which a challenge's faults aim at (`role:primary`), so a fault the
    story needs finds it whatever the design calls it; `entry` is the design's to say."""
    given_only: ClassVar[bool] = False
    """Only a challenge's world provides it (a third party): a design in a challenge calls the
    part the story gives rather than inventing one."""
    spans_zones: ClassVar[bool] = False
    """Placed in a region, it keeps a node in each of the region's zones (a managed balancer), so
    one zone's outage does not take it down; other kinds spread their instances over the zones."""
    physics: ClassVar[dict[str, str]] = {}
    """Its fields that are physics, which a challenge's world sets and a design may not (in
    free play a design sets them), each with what the player chooses instead."""

    # -- the fields every component has ----------------------------------------------------
    if TYPE_CHECKING:
        kind: str  # each kind's own Literal (the registry reads it there)
    id: ComponentId = Field(description="Unique name of the component in this design.")
    label: Name | None = Field(None, max_length=80, description="Text shown in diagrams.")
    zone: str | None = Field(
        None,
        pattern=r"^[a-z][a-z0-9_-]{0,39}$",
        description="Zone or region; a fault aimed at `zone:NAME` strikes every component in it. Placed in a "
        "region of a challenge's world, its instances spread over the region's zones (instance i in the "
        "(i mod n)-th) and it is reached at the first.",
    )
    size: Size = Field("small", description="Machine size, for cost (see the price table).")
    calls: list[Call] = Field(
        default_factory=list,
        description="Downstream calls, made in this order (a bare id calls it for every operation).",
    )

    # -- the engine ------------------------------------------------------------------------
    @abstractmethod
    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        """The engine node that behaves like this component, its times and CPUs from `physics`
        (the design's own fields in free play, the world's in a challenge that owns one)."""

    def attributes_read(self) -> frozenset[str]:
        """Which of a request's key, session and client it looks at: a run draws only those."""
        return frozenset()

    # -- the design ------------------------------------------------------------------------
    def checks(self, design: Any) -> Iterator[Check]:
        """Problems of its own configuration in `design` that a schema cannot catch."""
        return iter(())

    @classmethod
    def new_fields(cls, components: list[Any]) -> dict[str, Any]:
        """Fields a new component of the kind needs besides id and kind, given the design's
        components (round-trip mappings)."""
        return {}

    def call_problem(self, caller: Any, ops: frozenset[str]) -> tuple[str, str | None] | None:
        """What is wrong with `caller` calling it for the operations `ops` (a message and a hint),
        or None: a replica takes no writes, a session store holds nothing but sessions."""
        return None

    def keeps_sessions_in_store(self) -> bool:
        """Its users' sessions live in a session store it calls (a session store may serve it)."""
        return False

    def world_checks(self, world: Any) -> Iterator[Check]:
        """What its configuration may not ask of a challenge's world (a failover faster than
        the world's database engine can detect a dead primary)."""
        return iter(())

    def instance_count(self) -> int:
        """Copies a diagram shows as `id ×N` (instances, partitions)."""
        return 1

    # -- a smaller system of the same shape (fast mode's symmetry) --------------------------
    def smaller(self, d: int, least: int) -> ComponentBase | str:
        """This component in a system d times smaller that carries 1/d of the traffic at the same
        load on every machine, or why there is none. By default every request shares this one
        component, which a smaller system cannot stand for; a kind made of exchangeable copies
        (instances, partitions) keeps 1/d of them, and `least` at least."""
        return f"`{self.id}` is one {self.kind} that every request shares"

    def takes_turns(self) -> bool:
        """It gives its callee's instances the requests in turn (round robin), so each instance
        sees every n-th arrival: a smaller system must see those arrivals, not a thinned stream."""
        return False

    def divided(self, field: str, d: int, least: int) -> ComponentBase | str:
        """A copy with `field` divided by d, or why it cannot be."""
        count = int(getattr(self, field))
        if count % d or count // d < least:
            return f"`{self.id}`'s {count:,} {field.replace('_', ' ')} do not split {d} ways into {least} or more each"
        return self.model_copy(update={field: count // d})

    # -- a long horizon of failures (playground.design.availability) ----------------------
    def needed_up(self) -> int:
        """How many of its `instance_count()` instances must be up for it to answer a read: all
        of them (one machine, or partitions each holding a share of the keys) unless they are
        interchangeable."""
        return self.instance_count()

    def takes_over_s(self) -> float | None:
        """Seconds its copies (the components whose `refers` field names it) take to answer in
        its place once it is down; None: they never do."""
        return None

    def answers_without(self, call: Call) -> bool:
        """A read it serves can be answered, degraded, when `call` fails."""
        return False

    # -- capacity and cost -----------------------------------------------------------------
    def concurrency(self) -> tuple[int, str] | None:
        """How many requests it serves at once, and what they are called (None: no limit)."""
        return None

    def copies(self) -> tuple[int, str]:
        """How many separately billed machines-worth it is made of, and what one is called."""
        return 1, "node"

    def billed_units(self) -> int | None:
        """Units of `billed` each copy asks for (None: a fixed appliance)."""
        return None if self.billed is None else int(getattr(self, self.billed))

    def disk_gb(self) -> float | None:
        """Provisioned disk per copy, GB (None: none)."""
        return None

    def backed_up(self) -> bool:
        return False

    def gb_per_request(self) -> float:
        """Data it sends out per request answered, GB (what a per-GB price meters)."""
        return 0.0

    # -- explaining a run ------------------------------------------------------------------
    def cause(self, anomaly: str, evidence: Any) -> str | None:
        """How this component's configuration lets `anomaly` happen, if it does (`evidence`:
        the run's results, playground.scoring.evidence.Evidence)."""
        return None

    def outage_note(self, design: Any) -> str:
        """Why it stayed down after a crash, when its configuration says ('' when nothing)."""
        return ""

    def errors_note(self, errors: int, share: float, window: str, evidence: Any) -> str | None:
        """Its own words for the calls it failed (None: the generic 'N failed calls')."""
        return None

    def waiting_note(self, downstream: list[Any]) -> str:
        """What its configuration adds to time spent waiting on `downstream` components."""
        return ""

    def skew_note(self) -> str:
        """What an uneven spread of its calls over its partitions does to it."""
        return "so one partition queues while the others idle"
