"""What every fault kind shares: when it strikes, what it is aimed at, and the hooks the run's
timeline calls at its start and its end. A fault kind is one class (a module of its own here);
what it does to a component is the component's own hook (`playground.core.kernel.Node`)."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field

from playground.formats.base import StrictModel

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.horizon import Renewal
    from playground.core.kernel import Node

Struck = tuple[tuple[str, int], ...]
"""What a failure process takes down: (component id, instance) pairs."""

Target = Annotated[
    str,
    Field(
        pattern=r"^((zone|region|role):)?[a-z][a-z0-9_-]{0,39}$",
        description="What the story is about: `role:NAME` (the design's components that play a role: "
        "`entry`, `primary`, `replica`, `store`, `cache`, `service`, ...; docs/challenge-format.md), "
        "a part the world gives by its id, `zone:NAME` or `region:NAME` of the world.",
    ),
]
At = Annotated[float, Field(ge=0, le=86_400, description="Seconds from the start of the run.")]


class FaultBase(StrictModel):
    takes_down: ClassVar[bool] = False
    """It can take instances down, so the run's balancers health-check theirs."""
    needs: ClassVar[str | None] = None
    """What a component must have for the fault to do anything to it (see ComponentBase.has)."""
    harms: ClassVar[bool] = True
    """It is a fault, not a repair: findings look for it when something went wrong."""
    ended: ClassVar[str] = ""
    """The event its end writes (`<kind>_ended` when empty)."""

    if TYPE_CHECKING:
        kind: str  # each fault kind's own Literal
    at_s: At
    required: bool = Field(
        True, description="The story needs it: a run in which it strikes nothing fails, whatever the design is called."
    )

    def aimed(self) -> list[tuple[tuple[Any, ...], str]]:
        """Each id (or `zone:NAME`) it is aimed at, with the path of the field that names it."""
        return []

    def aims(self) -> list[str]:
        return [target for _, target in self.aimed()]

    def lasts(self) -> float | None:
        """Seconds until it ends by itself (None: it does not)."""
        return getattr(self, "duration_s", None)

    def start(self, t: float, timeline: Timeline) -> None:
        """It strikes at t."""

    def long_run(self, index: int, struck: list[tuple[str, tuple[int, ...]]]) -> list[tuple[Renewal, Struck]]:
        """The failure processes it keeps up over a long horizon (playground.core.horizon), each
        with what it takes down, given the components it strikes (each id with the instances it
        reaches) and its place in the challenge's list; none for a fault that strikes once (a
        crash at 20 s is nothing to a year)."""
        return []

    def end(self, t: float, timeline: Timeline) -> None:
        """It is over at t (called only when it `lasts`)."""

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        """`payments` hung, `db` was down: the fault as a finding tells it (target quoted)."""
        return f"{target} was struck by {cls.kind_name()}"

    @classmethod
    def sides(cls, target: str) -> list[str]:
        """What an event's `target` names: one component or zone (a partition: both sides)."""
        return [target]

    @classmethod
    def kind_name(cls) -> str:
        """The `kind:` it answers to, read from its Literal (the one place it is written)."""
        return str(typing.get_args(cls.model_fields["kind"].annotation)[0])


class Strike(FaultBase):
    """A fault aimed at one component (or every component of a zone): it logs what it struck,
    then strikes each; at its end it lifts each, then logs."""

    target: Target

    def aimed(self) -> list[tuple[tuple[Any, ...], str]]:
        return [(("target",), self.target)]

    def detail(self) -> dict[str, Any]:
        """What its start event says besides the components it struck."""
        return {}

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        """What it does to one component at its start."""

    def lift(self, t: float, node: Node, timeline: Timeline) -> None:
        """What its end does to one component."""

    def start(self, t: float, timeline: Timeline) -> None:
        nodes = timeline.targets(self.target)
        if not nodes:
            timeline.missed(t, self)
        timeline.log(t, self.kind_name(), self.target, components=[n.id for n in nodes], **self.detail())
        for node in nodes:
            self.strike(t, node, timeline)

    def end(self, t: float, timeline: Timeline) -> None:
        for node in timeline.targets(self.target):
            self.lift(t, node, timeline)
        timeline.log(t, self.ended or f"{self.kind_name()}_ended", self.target)
