"""Safe YAML in and out: positions kept for errors, comments kept for edits, hostile input refused.

ruamel.yaml's round-trip mode gives both the line/column of every node and a document that
writes back with its comments and key order. What it does not do by itself, done here: refuse
tags outside the core schema (a `!!python/...` tag would otherwise load silently as plain data),
refuse alias bombs (an expansion limit) and nesting deep enough to exhaust Python's stack (ruamel
composes and constructs recursively, about four frames a level), cap the size, and turn every
error its reader, composer or constructor raises (an impossible date, `!!int abc`, a control
character) into a located problem. The text is composed once and the document constructed from
that tree.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from playground.design.files import MAX_BYTES, read_text, write_atomic
from playground.design.problems import LoadError, Problem

__all__ = ["MAX_BYTES", "dump", "parse", "parse_with_warnings", "position", "read_text",
           "write_atomic"]  # read_text and write_atomic live in files.py; older imports find them

MAX_NODES = 30_000
"""Most values a document may hold, aliases expanded. A design of 500 components with every field
written out has about 20,000; ruamel composes some 15,000 a second here, so refusing at this
limit takes a couple of seconds, not the ten that 100,000 took."""
MAX_DEPTH = 100
"""Deepest nesting read. A design needs six levels; constructing 250 overflows the default stack
from a shallow call, and the app calls from deep inside its own."""
_CORE_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}
_SCALAR_WORDS = {
    "int": ("is not a whole number", None),
    "float": ("is not a number", None),
    "bool": ("is not true or false", None),
    "null": ("is not null", None),
    "timestamp": ("is not a real date or time",
                  "write a date that exists, or put it in quotes to make it text"),
}


class _Stop(Exception):
    """The composer stopped early: too deep or too many nodes, at `mark`."""

    def __init__(self, mark: Any, message: str):
        self.mark, self.message = mark, message


class _Composer(Composer):
    """ruamel's composer with a depth and a node limit checked as it goes, before its recursion
    can exhaust the stack or a huge file its time; reused anchors are reported by
    `_check_nodes` as located warnings instead of a raw Python warning."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False
        self._levels = 0
        self._count = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._levels += 1
        self._count += 1
        try:
            if self._levels > MAX_DEPTH:
                raise _Stop(self.parser.peek_event().start_mark,
                            f"nesting is deeper than {MAX_DEPTH} levels")
            if self._count > MAX_NODES:
                raise _Stop(self.parser.peek_event().start_mark,
                            f"the document has more than {MAX_NODES:,} values")
            return super().compose_node(parent, index)
        finally:
            self._levels -= 1


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Composer = _Composer
    y.allow_duplicate_keys = False
    y.preserve_quotes = True
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _tag(node: Node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


def _check_nodes(root: Node, file: str) -> tuple[list[Problem], list[Problem]]:
    """Foreign tags, duplicate keys and expansion size (counted as if every alias were expanded);
    and, as warnings, anchors defined twice."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    sizes: dict[int, int] = {}
    anchors: dict[str, Node] = {}

    def size(node: Node) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        anchor = getattr(node, "anchor", None)
        if anchor is not None:
            first = anchors.setdefault(str(anchor), node)
            if first is not node:
                warnings.append(_at(file, node, f"anchor &{anchor} is defined again "
                                    f"(first on line {first.start_mark.line + 1})",
                                    "aliases after this point mean this value; give each anchor "
                                    "its own name", "warning"))
        tag = _tag(node)
        if tag not in _CORE_TAGS:
            problems.append(_at(file, node, f"tag {tag!r} is not allowed", "only plain YAML is read"))
        total = 1
        if isinstance(node, MappingNode):
            seen: dict[str, Node] = {}
            for k, _ in node.value:
                if isinstance(k, ScalarNode) and k.value in seen:
                    problems.append(_at(file, k, f"duplicate key {k.value!r}",
                                        f"it is already set on line {seen[k.value].start_mark.line + 1}"))
                elif isinstance(k, ScalarNode):
                    seen[k.value] = k
            for k, v in node.value:
                total += size(k) + size(v)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item)
        sizes[id(node)] = total
        return total

    total = size(root)
    if total > MAX_NODES:
        problems.append(
            _at(file, root, f"the document expands to {total:,} values (limit {MAX_NODES:,})",
                "anchors and aliases that multiply each other are refused")
        )
    return problems, warnings


def _at(file: str, node: Node, message: str, hint: str | None, severity: Any = "error") -> Problem:
    mark = node.start_mark
    return Problem(file, mark.line + 1, mark.column + 1, "", message, hint, severity)


def parse(text: str, file: str) -> Any:
    """Parse YAML text into a round-trip document, or raise LoadError naming every problem found."""
    return parse_with_warnings(text, file)[0]


def parse_with_warnings(text: str, file: str) -> tuple[Any, list[Problem]]:
    """The document and the located warnings about it (an anchor defined twice)."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise LoadError([Problem(file, None, None, "", f"file is larger than {MAX_BYTES:,} bytes")])
    y = _yaml()
    try:
        root = y.compose(text)
    except _Stop as stop:
        raise LoadError([Problem(file, stop.mark.line + 1, stop.mark.column + 1, "", stop.message,
                                 None)]) from None
    except MarkedYAMLError as e:
        raise LoadError([_marked(file, e)]) from None
    except ReaderError as e:
        raise LoadError([_unreadable(text, file, e)]) from None
    except YAMLError as e:
        raise LoadError([Problem(file, None, None, "", f"not valid YAML: {_one_line(str(e))}")]) from None
    if root is None:
        return None, []
    problems, warnings = _check_nodes(root, file)
    if problems:
        raise LoadError(problems)
    try:
        return y.constructor.construct_document(root), warnings
    except MarkedYAMLError as e:
        raise LoadError(_unconvertible(root, file) or [_marked(file, e)]) from None
    except Exception as e:  # ruamel raises ValueError, KeyError... for a value it cannot convert
        raise LoadError(_unconvertible(root, file) or [_whole(file, root, e)]) from None


def _unconvertible(root: Node, file: str) -> list[Problem]:
    """Every scalar whose tag (written, or implied by how it looks) its text does not fit."""
    found = []
    constructor = _yaml().constructor  # a fresh one: the failed one remembers the bad node
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend(x for kv in reversed(node.value) for x in reversed(kv))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, ScalarNode) and _tag(node) != "tag:yaml.org,2002:str":
            constructor.constructed_objects, constructor.recursive_objects = {}, {}
            try:
                constructor.construct_object(node, deep=True)
            except Exception:
                kind = _tag(node).rsplit(":", 1)[-1]
                words, hint = _SCALAR_WORDS.get(kind, (f"cannot be read as {kind}", None))
                shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
                found.append(_at(file, node, f"{shown!r} {words}", hint))
    return found


def _whole(file: str, root: Node, e: Exception) -> Problem:
    return _at(file, root, f"not valid YAML: {_one_line(str(e)) or type(e).__name__}", None)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _unreadable(text: str, file: str, e: ReaderError) -> Problem:
    """A character YAML does not allow; ruamel gives an offset, a person wants line and column."""
    at = e.position if isinstance(e.position, int) else 0
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    char = e.character
    shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return Problem(file, line, col, "", f"the character {shown} is not allowed in YAML",
                   "remove it; inside double quotes it can be written as an escape such as \\x07")


def _marked(file: str, e: MarkedYAMLError) -> Problem:
    mark = e.problem_mark or e.context_mark
    what = _one_line(" ".join(x for x in (e.context, e.problem) if x))
    if mark is None:
        return Problem(file, None, None, "", f"not valid YAML: {what}")
    return Problem(file, mark.line + 1, mark.column + 1, "", f"not valid YAML: {what}")


def position(doc: Any, path: tuple[Any, ...], key: bool = False) -> tuple[int, int] | None:
    """1-based (line, col) of the deepest node along `path` that exists in the document.

    Path parts that do not name a node (a union tag, pydantic's '[key]') are skipped; a key
    that is missing points at the mapping that lacks it. `key` points at the last key itself
    rather than its value (for a key that should not be there).
    """
    node, here = doc, _start(doc)
    for i, part in enumerate(path):
        if isinstance(node, CommentedMap):
            if i > 0 and isinstance(path[i - 1], int) and node.get("kind") == part:
                continue  # a union tag, not a key
            if part in node:
                here = _pos(node.lc.value(part)) if _is_scalar(node[part]) else _pos_of(node[part], node.lc.key(part))
                if (i + 1 < len(path) and path[i + 1] == "[key]") or (key and i == len(path) - 1):
                    here = _pos(node.lc.key(part))
                node = node[part]
            elif part == "[key]":
                continue
            else:
                break
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            here = _pos(node.lc.item(part)) if _is_scalar(node[part]) else _pos_of(node[part], node.lc.item(part))
            node = node[part]
        else:
            break
    return here


def _is_scalar(x: Any) -> bool:
    return not isinstance(x, (CommentedMap, CommentedSeq))


def _start(doc: Any) -> tuple[int, int] | None:
    lc = getattr(doc, "lc", None)
    return (lc.line + 1, lc.col + 1) if lc is not None and lc.line is not None else None


def _pos(lc: Any) -> tuple[int, int]:
    return lc[0] + 1, lc[1] + 1


def _pos_of(node: Any, fallback: Any) -> tuple[int, int]:
    return _start(node) or _pos(fallback)


def dump(doc: Any) -> str:
    buf = io.StringIO()
    _yaml().dump(doc, buf)
    return buf.getvalue()
