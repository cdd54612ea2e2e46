"""Pydantic's validation errors, reworded for a person and pointed at the field they typed."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from playground.design.problems import Problem, dotted
from playground.design.yamlio import position

_NAME_RULE = "use lower-case letters, digits, '_' or '-', starting with a letter"


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def near_miss(word: Any, choices: typing.Iterable[str]) -> str | None:
    """'did you mean cache?' for a misspelt choice, or None."""
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {found[0]}?" if found else None


def _reword(err: Mapping[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, str | None]:
    kind, ctx, given = err["type"], err.get("ctx") or {}, err.get("input")
    got = f" (got {_show(given)})"
    bounds = {
        "greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<",
    }
    if kind in bounds:
        limit = next(iter(ctx.values()))
        return f"must be {bounds[kind]} {limit}{got}", None
    if kind == "missing":
        return "is required but missing", None
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = near_miss(loc[-1], allowed) if allowed else None
        if hint is None and allowed:
            hint = "known fields: " + ", ".join(sorted(allowed))
        return "is not a known field", hint
    if kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in ctx.get("expected_tags", "").split(",")]
        return (f"unknown {ctx.get('discriminator', 'kind').strip(chr(39))} {_show(ctx.get('tag'))}",
                near_miss(ctx.get("tag"), tags) or "one of: " + ", ".join(tags))
    if kind == "union_tag_not_found":
        return f"needs a {ctx.get('discriminator', 'kind').strip(chr(39))}", None
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
        return f"must be one of {', '.join(choices)}{got}", near_miss(given, choices)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number{got}", None
    if kind in ("float_parsing", "float_type"):
        return f"must be a number{got}", None
    if kind == "finite_number":
        return "must be a finite number", None
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false{got}", None
    if kind == "string_type":
        return f"must be text{got}", None
    if kind == "string_pattern_mismatch":
        return f"is not a valid name{got}", _NAME_RULE
    if kind in ("string_too_short", "too_short"):
        return ("must not be empty" if ctx.get("min_length") == 1
                else f"needs at least {ctx.get('min_length')} items"), None
    if kind in ("string_too_long", "too_long"):
        return f"is too long (at most {ctx.get('max_length')})", None
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping of key: value{got}", None
    if kind == "list_type":
        return f"must be a list{got}", None
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), None
    return err["msg"][0].lower() + err["msg"][1:], None


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Annotated / Optional / Union."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [t for a in typing.get_args(tp) for t in _unwrap(a)]
    return [tp]


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model that `loc` points into, to suggest the near miss of a typo."""
    current: list[Any] = [model]
    for part in loc:
        members = [t for t in current if isinstance(t, type) and issubclass(t, BaseModel)]
        if len(members) > 1 and any(_tag_of(t) == part for t in members):
            current = [t for t in members if _tag_of(t) == part]  # a discriminated union's tag
            continue
        nxt: list[Any] = []
        for tp in current:
            origin = typing.get_origin(tp)
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                if part in tp.model_fields:
                    nxt += _unwrap(tp.model_fields[part].annotation)
            elif origin is list and isinstance(part, int):
                nxt += _unwrap(typing.get_args(tp)[0])
            elif origin is dict:
                nxt += _unwrap(typing.get_args(tp)[1])
        if not nxt:
            return []
        current = nxt
    models = [t for t in current if isinstance(t, type) and issubclass(t, BaseModel)]
    return list(models[0].model_fields) if len(models) == 1 else []


def _tag_of(model: type[BaseModel]) -> Any:
    field = model.model_fields.get("kind")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return args[0] if args else None


def problems_from(error: ValidationError, model: type[BaseModel], doc: Any, file: str) -> list[Problem]:
    """One located Problem for each of pydantic's errors."""
    out = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        message, hint = _reword(err, model, loc)
        if err["type"].startswith("union_tag"):
            loc = (*loc, err.get("ctx", {}).get("discriminator", "kind").strip("'"))
        path = tuple(p for i, p in enumerate(loc) if p != "[key]" and not _is_tag(i, model, loc))
        line_col = position(doc, loc, key=err["type"] == "extra_forbidden")
        line, col = line_col if line_col else (None, None)
        out.append(Problem(file, line, col, dotted(path), message, hint))
    return out


def _is_tag(i: int, model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    """True for the union tag pydantic puts in a loc ('service' in components.2.service.workers)."""
    part = loc[i]
    if i == 0 or not isinstance(part, str) or not isinstance(loc[i - 1], int):
        return False
    return not _fields_at(model, loc[:i]) and bool(_fields_at(model, loc[: i + 1]))
