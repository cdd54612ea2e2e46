"""Paths and fields of a design's round-trip document (a ruamel CommentedMap), edited in place:
a key keeps its place and its comment, and a small value is written inline as a person would."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq


class EditError(ValueError):
    """An edit that cannot be made (an unknown component, a name that is taken or invalid)."""


class _Null:
    def __repr__(self) -> str:
        return "NULL"


NULL: Any = _Null()
"""Pass to `set_field` to write an explicit `null` (None removes the key: back to the default)."""



def split_path(path: str | tuple[Any, ...]) -> tuple[Any, ...]:
    """'components[2].retry.attempts' -> ('components', 2, 'retry', 'attempts')."""
    if isinstance(path, tuple):
        return path
    parts: list[Any] = []
    for token in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        parts.append(int(token[1:-1]) if token.startswith("[") else token)
    return tuple(parts)


def get_field(doc: Any, path: str | tuple[Any, ...], default: Any = None) -> Any:
    node = doc
    for part in split_path(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return default
    return node


def set_field(doc: Any, path: str | tuple[Any, ...], value: Any) -> None:
    """Set the value at `path`, making the mappings on the way; None removes the key (the
    field goes back to its default). The key keeps its place and its comment."""
    parts = split_path(path)
    if not parts:
        raise EditError("an empty path names no field")
    node = doc
    for i, part in enumerate(parts[:-1]):
        nxt = node[part] if _has(node, part) else None
        if _is_number(nxt) and parts[i + 1:] == ("mean_ms",) and value is not None:
            node[part] = yaml_value(value)  # a bare-number timing stays a bare number
            return
        if _is_number(nxt):  # a bare-number timing becomes a mapping: {mean_ms: N, ...}
            nxt = CommentedMap([("mean_ms", nxt)])
            nxt.fa.set_flow_style()
            node[part] = nxt
        if not isinstance(nxt, (CommentedMap, CommentedSeq)):
            if value is None:
                return
            nxt = CommentedMap()
            nxt.fa.set_flow_style()
            node[part] = nxt
        node = nxt
    last = parts[-1]
    if value is None:
        if isinstance(node, CommentedMap) and last in node:
            del node[last]
        return
    node[last] = yaml_value(value)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, CommentedMap):
        return part in node
    return isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node)


def yaml_value(value: Any) -> Any:
    """Plain data as round-trip containers written in flow style ({a: 1}, [x, y]), as a person
    would write a small value inline."""
    if value is NULL:
        return None
    if isinstance(value, dict):
        m = CommentedMap((k, yaml_value(v)) for k, v in value.items())
        m.fa.set_flow_style()
        return m
    if isinstance(value, (list, tuple)):
        s = CommentedSeq(yaml_value(v) for v in value)
        s.fa.set_flow_style()
        return s
    return value
