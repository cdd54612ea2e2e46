"""What an editor needs of a design as a person types it: the text checked leniently (the model
as soon as the schema holds, with every problem located), and one field's text as its value."""

from __future__ import annotations

import contextlib
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from playground.design.challenge import Challenge
from playground.design.checks import check_design
from playground.design.document import EditError
from playground.design.load import Loaded, _locate, _validate, check_pairing, check_world
from playground.design.messages import _reword
from playground.design.model import Design
from playground.design.problems import LoadError, Problem


@dataclass
class Checked:
    """What an editor needs of a design's text: the model when the schema holds (even if the graph
    has errors, so a half-built design can still be drawn), the document, and every problem."""

    model: Design | None
    doc: Any
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.model is not None and not self.errors


def check_text(text: str, file: str = "<design>", challenge: Loaded[Challenge] | None = None) -> Checked:
    """With `challenge`, checked as `playground run` checks it for that challenge: it may call the
    parts the world gives, may not set what the world owns, and the faults must find their parts."""
    try:
        model, doc = _validate(Design, text, file)
    except LoadError as e:
        return Checked(None, None, list(e.problems))
    world = challenge.model.world if challenge is not None else None
    given = frozenset(world.given_ids()) if world is not None else frozenset()
    problems = _locate(check_design(model, given), doc, file)
    if challenge is not None:
        problems += check_world(Loaded(model, doc, file), challenge.model) + check_pairing(model, challenge)
    return Checked(model, doc, sorted(problems, key=lambda p: (p.file != file, p.line or 0, p.col or 0)))



@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    tp: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(tp)


def parse_field(model: type[BaseModel], name: str, raw: str) -> Any:
    """What a person typed into one field, as the field's value, or EditError in the words the
    file loader would use. Empty text means no value: None when the field allows it, else an
    error if the field is required."""
    info = model.model_fields[name]
    text = raw.strip()
    if not text:
        if info.is_required() and not allows_none(info.annotation):
            raise EditError("is required")
        return None
    try:
        return _adapter(model, name).validate_python(text)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        number = _number(text)
        if number is not None:  # say "got 0", not "got '0'"
            try:
                return _adapter(model, name).validate_python(number)
            except ValidationError as again:
                err = again.errors(include_url=False)[0]
        message, hint = _reword(err, model, (name,))
        raise EditError(f"{message} ({hint})" if hint else message) from None


def _number(text: str) -> int | float | None:
    for kind in (int, float):
        with contextlib.suppress(ValueError):
            return kind(text)
    return None


def allows_none(tp: Any) -> bool:
    return type(None) in typing.get_args(tp)
