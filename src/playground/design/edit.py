"""Edits a program makes to a design, keeping the person's comments, key order and line breaks.

Every edit works on the round-trip document (`Loaded.doc`, a ruamel CommentedMap) in place.
`edit_text` applies an edit to the text of a design and returns the new text with only the lines
the edit touched changed: ruamel re-folds long plain scalars when it writes a document back, so the
text is patched with the difference between the document's dump before and after the edit rather
than replaced by the dump.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from playground.design.document import NULL, EditError, get_field, set_field, split_path, yaml_value
from playground.design.yamlio import dump, parse, write_atomic
from playground.kinds import KINDS

__all__ = ["NULL", "EditError", "get_field", "set_field", "split_path"]

ID_RULE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")



def components(doc: Any) -> CommentedSeq:
    """The document's `components` list, made if missing."""
    comps = doc.get("components")
    if not isinstance(comps, CommentedSeq):
        comps = CommentedSeq()
        doc["components"] = comps
    return comps


def index_of(doc: Any, component_id: str) -> int:
    for i, c in enumerate(components(doc)):
        if isinstance(c, CommentedMap) and c.get("id") == component_id:
            return i
    raise EditError(f"no component is called {component_id!r}")


def component(doc: Any, component_id: str) -> CommentedMap:
    return components(doc)[index_of(doc, component_id)]


def ids(doc: Any) -> list[str]:
    return [str(c["id"]) for c in components(doc) if isinstance(c, CommentedMap) and "id" in c]


def fresh_id(doc: Any, kind: str) -> str:
    base = KINDS[kind].new_id
    taken = set(ids(doc))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def add_component(doc: Any, kind: str, component_id: str | None = None) -> str:
    """Append a component of `kind` with its required fields only (the rest keep their defaults).

    A replica copies the first database of the design. The first component becomes the entry.
    Returns the new component's id.
    """
    if kind not in KINDS:
        raise EditError(f"unknown kind {kind!r}")
    new_id = component_id or fresh_id(doc, kind)
    _check_new_id(doc, new_id)
    item = CommentedMap([("id", new_id), ("kind", kind)])
    item.update(KINDS[kind].new_fields([c for c in components(doc) if isinstance(c, CommentedMap)]))
    components(doc).append(item)
    if not doc.get("entry"):
        doc["entry"] = new_id
        _move_before(doc, "entry", "components")
    return new_id


def _move_before(doc: CommentedMap, key: str, before: str) -> None:
    """Put a newly made key where a person would write it (the entry above the components)."""
    keys = list(doc)
    if before in keys and keys.index(key) > keys.index(before):
        value = doc.pop(key)
        doc.insert(keys.index(before), key, value)


def remove_component(doc: Any, component_id: str) -> None:
    """Remove a component and every call to it. If it was the entry, what it called first (or
    else the first remaining component) becomes the entry."""
    i = index_of(doc, component_id)
    removed = components(doc)[i]
    del components(doc)[i]
    for c in components(doc):
        if isinstance(c, CommentedMap):
            _drop_calls(c, component_id)
    if doc.get("entry") == component_id:
        called = [_call_target(x) for x in removed.get("calls") or []]
        remaining = ids(doc)
        nxt = next((c for c in called if c in remaining), remaining[0] if remaining else None)
        set_field(doc, "entry", nxt)


def rename_component(doc: Any, old: str, new: str) -> None:
    """Give a component a new id, and follow it everywhere: calls, replicas' `of`, the entry."""
    if old == new:
        return
    target = component(doc, old)
    _check_new_id(doc, new)
    target["id"] = new
    for c in components(doc):
        if not isinstance(c, CommentedMap):
            continue
        calls = c.get("calls")
        if isinstance(calls, CommentedSeq):
            for j, call in enumerate(calls):
                if call == old:
                    calls[j] = new
                elif isinstance(call, CommentedMap) and call.get("to") == old:
                    call["to"] = new
        model = KINDS.get(str(c.get("kind")))
        for name in model.refers if model is not None else ():
            if c.get(name) == old:
                c[name] = new
    if doc.get("entry") == old:
        doc["entry"] = new


def _check_new_id(doc: Any, new: str) -> None:
    if not ID_RULE.match(new):
        raise EditError(
            f"{new!r} is not a valid name: use lower-case letters, digits, '_' or '-', "
            "starting with a letter (at most 40)"
        )
    if new in ids(doc):
        raise EditError(f"{new!r} is already used by another component")


def _call_target(call: Any) -> Any:
    return call.get("to") if isinstance(call, CommentedMap) else call


def calls_of(doc: Any, component_id: str) -> list[tuple[str, list[str] | None]]:
    """(target, ops) for each call a component makes; ops None means every operation."""
    out = []
    for call in component(doc, component_id).get("calls") or []:
        if isinstance(call, CommentedMap):
            ops = call.get("ops")
            out.append((str(call.get("to")), [str(o) for o in ops] if ops is not None else None))
        else:
            out.append((str(call), None))
    return out


def connect(doc: Any, source: str, target: str, ops: list[str] | None = None) -> None:
    """`source` calls `target` (for `ops` only, or every operation). An existing call to the
    same target has its operations replaced."""
    if source == target:
        raise EditError(f"{source} cannot call itself")
    index_of(doc, target)
    src = component(doc, source)
    calls = src.get("calls")
    if not isinstance(calls, CommentedSeq):
        calls = CommentedSeq()
        calls.fa.set_flow_style()
        src["calls"] = calls
    for j, call in enumerate(calls):
        if _call_target(call) == target:
            calls[j] = _new_call(calls, target, ops, existing=call)
            return
    calls.append(_new_call(calls, target, ops))


def _new_call(calls: CommentedSeq, target: str, ops: list[str] | None, existing: Any = None) -> Any:
    if ops is None:
        if isinstance(existing, CommentedMap):
            existing.pop("ops", None)
            return existing
        return target
    if isinstance(existing, CommentedMap):
        existing["ops"] = yaml_value(list(ops))
        return existing
    if calls.fa.flow_style():
        # a flow list of bare names cannot hold a mapping nicely: write it as a block list
        calls.fa.set_block_style()
        for j, call in enumerate(calls):
            if not isinstance(call, CommentedMap):
                calls[j] = CommentedMap([("to", call)])
    return CommentedMap([("to", target), ("ops", yaml_value(list(ops)))])


def disconnect(doc: Any, source: str, target: str) -> bool:
    """Remove `source`'s calls to `target`; True if there was one."""
    return _drop_calls(component(doc, source), target)


def _drop_calls(c: CommentedMap, target: str) -> bool:
    calls = c.get("calls")
    if not isinstance(calls, CommentedSeq):
        return False
    keep = [call for call in calls if _call_target(call) != target]
    if len(keep) == len(calls):
        return False
    if keep:
        del calls[:]
        calls.extend(keep)
    else:
        del c["calls"]
    return True



def patch_text(base: str, before: str, after: str) -> str:
    """Apply the line changes that turn `before` into `after` to `base`, where `base` is the text
    `before` was dumped from (equal except for how ruamel re-folded some lines). Falls back to
    `after` when a change falls on a line that differs between the two."""
    if before == after:
        return base
    if before == base:
        return after
    a, b, o = (t.splitlines(keepends=True) for t in (before, after, base))
    where: dict[int, int] = {}  # line of `before` -> same line of `base`
    for i, j, n in difflib.SequenceMatcher(None, a, o, autojunk=False).get_matching_blocks():
        for k in range(n):
            where[i + k] = j + k
    where[len(a)] = len(o)
    out: list[str] = []
    done = 0  # lines of `base` already copied
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:  # lines replaced or deleted: each must be a line of `base`, in a run
            start = where.get(i1)
            if start is None or any(where.get(k) != start + (k - i1) for k in range(i1, i2)):
                return after
            end = start + (i2 - i1)
        else:  # lines inserted: next to a line of `base`
            start = where.get(i1, where[i1 - 1] + 1 if i1 - 1 in where else None)
            if start is None:
                return after
            end = start
        if start < done:
            return after
        out += o[done:start]
        out += b[j1:j2]
        done = end
    out += o[done:]
    return "".join(out)


Edit = Callable[..., Any]


def edit_text(text: str, edit: Edit, *args: Any, file: str = "<design>") -> tuple[str, Any]:
    """Parse `text`, apply `edit(doc, *args)`, return (new text, what the edit returned).

    The new text differs from `text` only in the lines the edit changed. Raises LoadError if the
    text does not parse and EditError if the edit cannot be made.
    """
    doc = parse(text, file)
    if not isinstance(doc, CommentedMap):
        doc = CommentedMap()
    before = dump(doc) if len(doc) else ""
    result = edit(doc, *args)
    return patch_text(text, before, dump(doc)), result


def save(path: str | Path, doc: Any, base_text: str | None = None) -> str:
    """Write the document atomically (a failure leaves the old file whole); with `base_text`,
    the text it was parsed from, only the edited lines change. Returns the text written."""
    text = dump(doc)
    if base_text is not None:
        text = patch_text(base_text, dump(parse(base_text, str(path))), text)
    write_atomic(Path(path), text)
    return text
