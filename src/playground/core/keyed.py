"""Reading a result's JSON form by key: a missing key or one the format does not know is an
error naming where it is (core/record.py builds every record through these)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


class ResultError(ValueError):
    """A result that is not in the format: the message names the key and where it is."""


def take(data: Any, where: str, keys: tuple[str, ...], more: bool = False) -> tuple[Any, ...]:
    """The values of `keys` in mapping `data`; with `more`, also the mapping of the other keys
    (in their order), else any other key is an error."""
    if not isinstance(data, Mapping):
        raise ResultError(f"{where}: expected a mapping, got {type(data).__name__}")
    missing = [k for k in keys if k not in data]
    if missing:
        raise ResultError(f"{where}: missing {', '.join(map(repr, missing))}")
    rest = {k: v for k, v in data.items() if k not in keys}
    if rest and not more:
        raise ResultError(f"{where}: unknown {', '.join(map(repr, rest))}")
    values = tuple(data[k] for k in keys)
    return (*values, MappingProxyType(rest)) if more else values


def optional(rest: Mapping[str, Any], where: str, keys: tuple[str, ...]) -> tuple[Any, ...]:
    """The values of the optional `keys` among the `rest` that `take` left (None when absent);
    any other key is an error."""
    unknown = [k for k in rest if k not in keys]
    if unknown:
        raise ResultError(f"{where}: unknown {', '.join(map(repr, unknown))}")
    return tuple(rest.get(k) for k in keys)


def frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    return value


def plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
