"""Which keys may be typed at a line of a design's YAML, from the design's JSON Schema: the
fields of the part the line is in (the design, a component of its kind, a nested part such as
`retry`), less those already written there, each with its description.

It reads indentation only, so it works while the text does not parse, which is when a person
most needs it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from playground.design.model import Design

_KEY = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[A-Za-z_][\w-]*)\s*:(?P<rest>.*)$")
_DASH = re.compile(r"^(?P<indent>\s*)-(\s+|$)")


@lru_cache(maxsize=1)
def design_schema() -> dict[str, Any]:
    return Design.model_json_schema()


def _resolve(schema: dict[str, Any], node: dict[str, Any], kind: str | None = None) -> dict[str, Any] | None:
    """The object schema `node` stands for: a $ref followed, an optional (anyOf with null) or a
    discriminated union (by `kind`) picked."""
    while True:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            objects = [o for o in options if "$ref" in o or o.get("type") == "object"]
            if not objects:
                return None
            node = objects[0]
        elif "oneOf" in node:
            mapping = (node.get("discriminator") or {}).get("mapping") or {}
            if kind not in mapping:
                return None
            node = {"$ref": mapping[kind]}
        else:
            return node if "properties" in node else None


def _indent_of(line: str) -> int:
    """Where the keys of the mapping a line belongs to start (a `- ` counts as indentation)."""
    m = _DASH.match(line)
    if m:
        return len(m.group(0))
    return len(line) - len(line.lstrip(" "))


def _skip(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _starts_item(line: str, level: int) -> bool:
    """Whether `line` is the `- ` line that opens a list item whose keys sit at `level`."""
    return _DASH.match(line) is not None and _indent_of(line) == level


def _level(lines: list[str], row: int, col: int | None) -> int:
    line = lines[row] if row < len(lines) else ""
    if line.strip():
        return _indent_of(line)
    return col if col is not None else len(line)  # a blank line: where the cursor is


def _path(lines: list[str], row: int, level: int) -> list[tuple[str, tuple[int, int] | None]]:
    """Keys from the top to the mapping at `row`. A key whose value is a list of mappings, the
    mapping at `row` being inside one of its items, carries that item's (row, level)."""
    path: list[tuple[str, tuple[int, int] | None]] = []
    item: tuple[int, int] | None = None
    if row < len(lines) and _starts_item(lines[row], level):
        item = (row, level)
        level = len(_DASH.match(lines[row]).group("indent"))  # type: ignore[union-attr]
    for r in range(row - 1, -1, -1):
        if level == 0 and item is None:
            break
        text = lines[r]
        if _skip(text):
            continue
        m = _KEY.match(text)
        if item is None and _starts_item(text, level):
            item = (r, level)
            level = len(_DASH.match(text).group("indent"))  # type: ignore[union-attr]
            continue
        if m and not m.group("dash") and len(m.group("indent")) < level:
            path.append((m.group("key"), item))
            item = None
            level = len(m.group("indent"))
        elif m and m.group("dash") and _indent_of(text) < level:
            path.append((m.group("key"), item))  # `- key:` with our mapping under it
            item = (r, _indent_of(text))
            level = len(m.group("indent"))
    return list(reversed(path))


def _block(lines: list[str], row: int, level: int) -> list[int]:
    """The rows of the mapping `row` is in: the keys at `level`, up to the item's `- ` line."""
    rows = [row]
    if row < len(lines) and not _starts_item(lines[row], level):
        for r in range(row - 1, -1, -1):
            text = lines[r]
            if _skip(text):
                continue
            if _starts_item(text, level):
                rows.append(r)
                break
            if _indent_of(text) < level or (_DASH.match(text) and _indent_of(text) > level
                                            and len(text) - len(text.lstrip()) < level):
                break
            rows.append(r)
    for r in range(row + 1, len(lines)):
        text = lines[r]
        if _skip(text):
            continue
        if _starts_item(text, level) or _indent_of(text) < level or (
                _DASH.match(text) and len(text) - len(text.lstrip()) < level):
            break
        rows.append(r)
    return rows


def keys_at(text: str, row: int, col: int | None = None) -> list[tuple[str, str]]:
    """(key, description) that may be written at `row` (0-based; `col`, the cursor's column, says
    how deep a blank line is), less the keys its mapping already has."""
    lines = text.split("\n")
    if row >= len(lines):
        lines.append("")
    level = _level(lines, row, col)
    schema = design_schema()
    block = _block(lines, row, level)
    node: dict[str, Any] | None = schema
    for key, item in _path(lines, row, level):
        prop = (node.get("properties") or {}).get(key) if node is not None else None
        if prop is None:
            return []
        if item is not None:
            item_row, item_level = item
            kind = _kind(lines, _block(lines, item_row, item_level), item_level)
            node = _resolve(schema, prop.get("items") or {}, kind)
        else:
            node = _resolve(schema, prop)
    if node is None:
        return []
    present = {m.group("key") for r in block if r != row and (m := _KEY.match(lines[r]))
               and _indent_of(lines[r]) == level}
    return [(name, str(prop.get("description") or ""))
            for name, prop in (node.get("properties") or {}).items() if name not in present]


def _kind(lines: list[str], block: list[int], level: int) -> str | None:
    """The `kind:` written in the mapping, which picks the component's fields."""
    for r in block:
        m = _KEY.match(lines[r])
        if m and m.group("key") == "kind" and _indent_of(lines[r]) == level:
            return m.group("rest").split("#")[0].strip().strip("'\"") or None
    return None
