"""The knobs a search turns: a field of a component over some values, or a component present
or not; and a candidate design made by setting them in the original's text, comments kept.

    api.instances=1..4           whole numbers from 1 to 4
    db.size=small,medium,large   any values, read as YAML scalars
    db.failover.promotion_s=5,30 a nested field
    cache=present,absent         the component, or the design without it (its callers call what
                                 it called, for the operations both calls carried)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from playground.design.document import set_field, split_path
from playground.design.edit import (
    EditError,
    calls_of,
    connect,
    disconnect,
    edit_text,
    ids,
    index_of,
    remove_component,
)

PRESENCE = ("present", "absent")
_RANGE = re.compile(r"^(-?\d+)\.\.(-?\d+)$")
MAX_VALUES = 64


class KnobError(ValueError):
    """A knob that cannot be turned: the message names it and says why."""


@dataclass(frozen=True)
class Knob:
    component: str
    field: str | None
    """A dotted path within the component; None for its presence."""
    values: tuple[Any, ...]

    @property
    def name(self) -> str:
        return self.component if self.field is None else f"{self.component}.{self.field}"

    def describe(self, value: Any) -> str:
        return f"{self.name}={_text(value)}"


def parse_knob(spec: str) -> Knob:
    if "=" not in spec:
        raise KnobError(f"{spec!r}: write ID.FIELD=V1,V2 (or LO..HI), or ID=present,absent")
    target, _, values_text = spec.partition("=")
    target = target.strip()
    component, _, field = target.partition(".")
    if not component:
        raise KnobError(f"{spec!r}: name a component before the '='")
    match = _RANGE.match(values_text.strip())
    if match:
        lo, hi = int(match[1]), int(match[2])
        if hi < lo:
            raise KnobError(f"{spec!r}: the range {lo}..{hi} is empty")
        values: tuple[Any, ...] = tuple(range(lo, hi + 1))
    else:
        values = tuple(_scalar(v.strip()) for v in values_text.split(",") if v.strip())
    if not values:
        raise KnobError(f"{spec!r}: give at least one value")
    if len(values) > MAX_VALUES:
        raise KnobError(f"{spec!r}: {len(values)} values; at most {MAX_VALUES} per knob")
    if not field:
        if not set(values) <= set(PRESENCE):
            raise KnobError(f"{spec!r}: a component on its own takes present and absent; "
                            "to vary a field write ID.FIELD=...")
        return Knob(component, None, values)
    return Knob(component, field, values)


def _scalar(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "none", "~"):
        return None
    return text


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def check_knobs(knobs: list[Knob], doc: Any) -> None:
    known = ids(doc)
    names = [k.name for k in knobs]
    for k in knobs:
        if k.component not in known:
            raise KnobError(f"{k.name}: the design has no component {k.component!r}")
        if names.count(k.name) > 1:
            raise KnobError(f"{k.name}: named twice")


def apply(doc: Any, knobs: tuple[Knob, ...], values: tuple[Any, ...]) -> None:
    """Set each knob's value in the round-trip document (fields first, then removals, so a field
    of a component that goes is set before it goes)."""
    for knob, value in zip(knobs, values, strict=True):
        if knob.field is not None:
            set_field(doc, ("components", index_of(doc, knob.component), *split_path(knob.field)), value)
    for knob, value in zip(knobs, values, strict=True):
        if knob.field is None and value == "absent":
            splice(doc, knob.component)


def candidate_text(text: str, knobs: tuple[Knob, ...], values: tuple[Any, ...]) -> str:
    """The original design's text with the knobs set: only the lines they touch change."""
    try:
        new, _ = edit_text(text, apply, knobs, values)
    except (EditError, KeyError, TypeError, IndexError) as e:
        raise KnobError(f"cannot set {', '.join(k.describe(v) for k, v in zip(knobs, values, strict=True))}: "
                        f"{e}") from None
    return new


def splice(doc: Any, component_id: str) -> None:
    """Take a component out of the design, its callers calling what it called instead."""
    onward = calls_of(doc, component_id)
    for caller in ids(doc):
        if caller == component_id:
            continue
        mine = dict(calls_of(doc, caller))
        if component_id not in mine:
            continue
        through = mine.pop(component_id)
        disconnect(doc, caller, component_id)
        for target, ops in onward:
            if target == caller:
                continue
            carried = _both(through, ops)
            if carried == []:
                continue
            if target in mine:
                had = mine[target]
                carried = None if had is None or carried is None else [*had, *(o for o in carried if o not in had)]
            connect(doc, caller, target, carried)
            mine[target] = carried
    remove_component(doc, component_id)


def _both(first: list[str] | None, second: list[str] | None) -> list[str] | None:
    """Operations carried by two calls in a row (None: every operation)."""
    if first is None:
        return second
    if second is None:
        return first
    return [op for op in first if op in second]
