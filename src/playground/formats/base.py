"""The shared pydantic base: unknown keys are errors, numbers must be finite; ids, units, timings."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from playground.formats.printable import no_control, one_line

Operation = Literal["read", "write", "charge", "enqueue", "decrement"]
OPERATIONS: tuple[Operation, ...] = ("read", "write", "charge", "enqueue", "decrement")
"""What a request does. `read`/`write` touch a key; `charge` is a non-idempotent side effect
(a payment); `enqueue` hands slow work to a queue; `decrement` is a read-modify-write of a
counter (stock, balance) that must not go below zero."""

ID_PATTERN = r"^[a-z][a-z0-9_-]{0,39}$"
ComponentId = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Lower-case letters, digits, '_' or '-', starting with a letter; at most 40.",
    ),
]

Name = Annotated[str, AfterValidator(one_line)]
"""A name or a title: one line, no control characters (it is printed on terminals)."""
Prose = Annotated[str, AfterValidator(no_control)]
"""A description or a story: lines of text, no control characters."""

Millis = Annotated[float, Field(gt=0, le=3_600_000, description="Milliseconds.")]
Seconds = Annotated[float, Field(ge=0, le=86_400, description="Seconds.")]
Fraction = Annotated[float, Field(ge=0, le=1)]
Span = Annotated[float, Field(gt=0, le=86_400, description="Seconds.")]


class StrictModel(BaseModel):
    """Every model of a file a person writes: a misspelt key is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)


class Timing(StrictModel):
    """How long a piece of work takes. A bare number in YAML means an exponential with that mean."""

    distribution: Literal["exponential", "deterministic", "lognormal"] = Field(
        "exponential",
        description="exponential: memoryless (M/M/c); deterministic: always mean_ms; "
        "lognormal: a long tail fixed by mean_ms and p99_ms.",
    )
    mean_ms: Millis = Field(description="Mean duration in milliseconds.")
    p99_ms: Millis | None = Field(
        None, description="99th percentile in milliseconds (lognormal only; must exceed mean_ms)."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return {"mean_ms": data}
        return data

    @classmethod
    def __get_pydantic_json_schema__(cls, core: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The schema says what the loader takes: a bare number is an exponential's mean."""
        return or_shorthand(handler(core), handler, {
            "type": "number", "exclusiveMinimum": 0, "maximum": 3_600_000,
            "description": "A mean in milliseconds: an exponential with that mean."})

    @model_validator(mode="after")
    def _tail_fits(self) -> Timing:
        if self.distribution == "lognormal":
            if self.p99_ms is None:
                raise ValueError("a lognormal timing needs p99_ms as well as mean_ms")
            if self.p99_ms <= self.mean_ms:
                raise ValueError("p99_ms must be larger than mean_ms for a lognormal timing")
        elif self.p99_ms is not None:
            raise ValueError(f"p99_ms only applies to distribution: lognormal, not {self.distribution}")
        return self


def or_shorthand(schema: JsonSchemaValue, handler: GetJsonSchemaHandler,
                 shorthand: JsonSchemaValue) -> JsonSchemaValue:
    """A model's schema that also accepts the shorthand its before-validator expands (a validator
    such as jsonschema, or an editor, would otherwise reject files the loader accepts)."""
    full = handler.resolve_ref_schema(schema)  # the model's entry in $defs, edited in place
    body = dict(full)
    named: dict[str, Any] = {k: body.pop(k) for k in ("title", "description") if k in body}
    full.clear()
    full.update({**named, "anyOf": [body, shorthand]})
    return schema


def timing(mean_ms: float, **kw: Any) -> Any:
    """A default_factory for a Timing field."""
    return Field(default_factory=lambda: Timing(mean_ms=mean_ms, **kw))
