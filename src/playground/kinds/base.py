"""What every component kind shares: its id, label, zone, size and calls."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from playground.formats.base import ComponentId, Operation, StrictModel

Size = Literal["small", "medium", "large", "xlarge"]


class Call(StrictModel):
    """One downstream call: to whom, and for which operations (all of them when omitted)."""

    to: ComponentId = Field(description="The id of the component called.")
    ops: list[Operation] | None = Field(
        None, description="Operations that make this call; omitted means every operation."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        return {"to": data} if isinstance(data, str) else data


class ComponentBase(StrictModel):
    id: ComponentId = Field(description="Unique name of the component in this design.")
    label: str | None = Field(None, max_length=80, description="Text shown in diagrams.")
    zone: str | None = Field(
        None,
        pattern=r"^[a-z][a-z0-9_-]{0,39}$",
        description="Zone or region; a fault aimed at `zone:NAME` strikes every component in it.",
    )
    size: Size = Field("small", description="Machine size, for cost (see the price table).")
    calls: list[Call] = Field(
        default_factory=list,
        description="Downstream calls, made in this order (a bare id calls it for every operation).",
    )
