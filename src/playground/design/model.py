"""A design: named components, how they call each other, and where outside traffic enters."""

from __future__ import annotations

from pydantic import Field

from playground.formats.base import ComponentId, Name, Prose, StrictModel
from playground.kinds import Component
from playground.kinds.base import ComponentBase


class Design(StrictModel):
    """A whole architecture: its components and the entry where outside traffic arrives."""

    name: Name = Field(min_length=1, max_length=80, description="Short name of the design.")
    description: Prose = Field("", max_length=4000)
    entry: ComponentId | None = Field(
        None, description="The component that outside traffic reaches first."
    )
    components: list[Component] = Field(default_factory=list, max_length=500)

    def component(self, component_id: str) -> ComponentBase:
        for c in self.components:
            if c.id == component_id:
                return c
        raise KeyError(component_id)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.components]
