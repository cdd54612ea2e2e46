"""The shared pydantic base: unknown keys are errors, numbers must be finite; ids, units, timings."""

from __future__ import annotations

from itertools import pairwise
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


DISTRIBUTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "exponential": (("mean_ms",),),
    "deterministic": (("mean_ms",),),
    "lognormal": (("mean_ms", "p99_ms"),),
    "uniform": (("low_ms", "high_ms"),),
    "erlang": (("mean_ms", "k"),),
    "mixture": (("of",),),
    "bounded_pareto": (("alpha", "low_ms", "high_ms"),),
    "empirical": (("samples_ms",), ("percentiles_ms",)),
}
"""Each distribution's fields: one tuple per way of giving it (an empirical timing is a list of
samples or a table of percentiles); a field outside the chosen way is an error, not ignored."""

TIMING_FIELDS = ("mean_ms", "p99_ms", "low_ms", "high_ms", "k", "alpha", "of", "samples_ms", "percentiles_ms")
Duration = Annotated[float, Field(ge=0, le=3_600_000)]


def _timing_schema(schema: dict[str, Any], cls: type) -> None:
    """The JSON Schema says what the validators do: a bare number is a timing (an exponential's
    mean), and each distribution requires its fields (one way of them, for empirical)."""
    need: list[Any] = [{"if": {"not": {"required": ["distribution"]}}, "then": {"required": ["mean_ms"]}}]
    need += [{"if": {"properties": {"distribution": {"const": d}}, "required": ["distribution"]},
              "then": {"anyOf": [{"required": list(w)} for w in ways]} if len(ways) > 1 else {"required": list(ways[0])}}
             for d, ways in DISTRIBUTIONS.items()]
    schema["allOf"] = need
    if cls.__name__ == "Timing":  # a mixture's part needs its weight: never a bare number
        obj = dict(schema)
        schema.clear()
        schema.update(title=obj.pop("title"), description=obj.pop("description"), anyOf=[
            {"type": "number", "exclusiveMinimum": 0, "maximum": 3_600_000,
             "description": "The mean of an exponential, in milliseconds."}, obj])


class Timing(StrictModel):
    """How long a piece of work takes. A bare number in YAML means an exponential with that mean."""

    model_config = ConfigDict(json_schema_extra=_timing_schema)

    distribution: Literal[
        "exponential", "deterministic", "lognormal", "uniform", "erlang", "mixture", "bounded_pareto", "empirical"
    ] = Field(
        "exponential",
        description="exponential: memoryless (M/M/c); deterministic: always mean_ms; "
        "lognormal: a long tail fixed by mean_ms and p99_ms; uniform: between low_ms and high_ms; "
        "erlang: the sum of k exponential stages, mean mean_ms (less variable as k grows); "
        "mixture: one of `of`, picked by weight (of exponentials: a hyperexponential); "
        "bounded_pareto: a heavy tail of shape alpha between low_ms and high_ms; "
        "empirical: drawn from samples_ms, or interpolated between percentiles_ms.",
    )
    mean_ms: Millis | None = Field(
        None, description="Mean duration in milliseconds (exponential, deterministic, lognormal, erlang)."
    )
    p99_ms: Millis | None = Field(
        None, description="99th percentile in milliseconds (lognormal only; must exceed mean_ms)."
    )
    low_ms: Duration | None = Field(None, description="Shortest duration (uniform, bounded_pareto; > 0 for the latter).")
    high_ms: Millis | None = Field(None, description="Longest duration (uniform, bounded_pareto); above low_ms.")
    k: int | None = Field(None, ge=1, le=1000, description="Stages of an erlang (1: exponential).")
    alpha: float | None = Field(
        None, gt=0, le=20, description="Shape of a bounded_pareto: the smaller, the heavier the tail."
    )
    of: list[MixturePart] | None = Field(
        None, min_length=1, max_length=20, description="The timings of a mixture, each with its weight."
    )
    samples_ms: list[Duration] | None = Field(
        None, min_length=1, max_length=100_000,
        description="Measured durations (empirical): each draw is one of them, equally likely.",
    )
    percentiles_ms: dict[Annotated[float, Field(ge=0, le=100)], Duration] | None = Field(
        None, min_length=2, max_length=1000,
        description="Percentile -> duration (empirical), from 0 (the least) to 100 (the most); "
        "durations between them are spread evenly.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return {"mean_ms": data}
        return data

    def given(self) -> tuple[str, ...]:
        """The fields set, of those that describe the distribution."""
        return tuple(f for f in TIMING_FIELDS if getattr(self, f) is not None)

    def applies(self, field: str) -> bool:
        """Whether `field` belongs to this timing's distribution (the app shows only those)."""
        return field == "distribution" or any(field in way for way in DISTRIBUTIONS[self.distribution])

    @model_validator(mode="after")
    def _fits(self) -> Timing:
        ways = DISTRIBUTIONS[self.distribution]
        given = set(self.given())
        way = next((w for w in ways if given & set(w)), None)
        a = f"distribution {self.distribution}"
        if way is None:
            raise ValueError(f"{a} needs {' or '.join(_words(w) for w in ways)}")
        missing = [f for f in way if f not in given]
        if missing:
            raise ValueError(f"{a} needs {_words(missing)} (it takes {_words(way)})")
        extra = sorted(given - set(way), key=TIMING_FIELDS.index)
        if extra:
            raise ValueError(f"{_words(extra)} {'does' if len(extra) == 1 else 'do'} not apply to "
                             f"distribution: {self.distribution} (it takes {_words(way)})")
        _CHECKS.get(self.distribution, _no_check)(self)
        return self


def _words(fields: tuple[str, ...] | list[str]) -> str:
    return fields[0] if len(fields) == 1 else f"{', '.join(fields[:-1])} and {fields[-1]}"


class MixturePart(Timing):
    """One timing of a mixture: drawn with probability weight / (the sum of the weights)."""

    weight: float = Field(gt=0, le=1_000_000, description="Relative weight of this part.")


def _no_check(t: Timing) -> None:
    return None


def _lognormal(t: Timing) -> None:
    if (t.p99_ms or 0.0) <= (t.mean_ms or 0.0):
        raise ValueError("p99_ms must be larger than mean_ms for a lognormal timing")


def _between(t: Timing) -> None:
    if (t.high_ms or 0.0) <= (t.low_ms or 0.0):
        raise ValueError(f"high_ms must be larger than low_ms for a {t.distribution} timing")
    if t.distribution == "bounded_pareto" and not t.low_ms:
        raise ValueError("low_ms must be above 0 for a bounded_pareto timing")


def _empirical(t: Timing) -> None:
    if t.samples_ms is not None:
        if max(t.samples_ms) <= 0:
            raise ValueError("samples_ms: at least one sample must be above 0")
        return
    points = sorted((t.percentiles_ms or {}).items())
    if points[0][0] != 0 or points[-1][0] != 100:
        raise ValueError("percentiles_ms must give percentile 0 (the least) and 100 (the most)")
    for (p, a), (q, b) in pairwise(points):
        if b < a:
            raise ValueError(f"percentiles_ms must not decrease: p{q:g} ({b:g} ms) is below p{p:g} ({a:g} ms)")
    if points[-1][1] <= 0:
        raise ValueError("percentiles_ms: the longest duration must be above 0")


_CHECKS = {"lognormal": _lognormal, "uniform": _between, "bounded_pareto": _between, "empirical": _empirical}
"""What each distribution asks of its values beyond their bounds."""

Timing.model_rebuild()


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
