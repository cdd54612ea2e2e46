"""Safe YAML in and out: positions kept for errors, comments kept for edits, hostile input refused.

ruamel.yaml's round-trip mode gives both the line/column of every node and a document that
writes back with its comments and key order. What it does not do by itself, done here: refuse
tags outside the core schema (a `!!python/...` tag would otherwise load silently as plain data),
refuse alias bombs (an expansion limit), cap the file size, and write files atomically.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from playground.design.problems import LoadError, Problem

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
_CORE_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    y.preserve_quotes = True
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _tag(node: Node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


def _check_nodes(root: Node, file: str) -> list[Problem]:
    """Foreign tags and expansion size, counted as if every alias were expanded."""
    problems: list[Problem] = []
    sizes: dict[int, int] = {}

    def size(node: Node, depth: int) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if depth > 200:
            raise _TooDeep(node)
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
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
        sizes[id(node)] = total
        return total

    try:
        total = size(root, 0)
    except _TooDeep as deep:
        return [_at(file, deep.node, "nesting is deeper than 200 levels", None)]
    if total > MAX_NODES:
        problems.append(
            _at(file, root, f"the document expands to {total:,} values (limit {MAX_NODES:,})",
                "anchors and aliases that multiply each other are refused")
        )
    return problems


class _TooDeep(Exception):
    def __init__(self, node: Node):
        self.node = node


def _at(file: str, node: Node, message: str, hint: str | None) -> Problem:
    mark = node.start_mark
    return Problem(file, mark.line + 1, mark.column + 1, "", message, hint)


def parse(text: str, file: str) -> Any:
    """Parse YAML text into a round-trip document, or raise LoadError naming every problem found."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise LoadError([Problem(file, None, None, "", f"file is larger than {MAX_BYTES:,} bytes")])
    y = _yaml()
    try:
        root = y.compose(text)
    except MarkedYAMLError as e:
        raise LoadError([_marked(file, e)]) from None
    except YAMLError as e:
        raise LoadError([Problem(file, None, None, "", f"not valid YAML: {e}")]) from None
    if root is None:
        return None
    if problems := _check_nodes(root, file):
        raise LoadError(problems)
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as e:
        raise LoadError([_marked(file, e)]) from None
    return data


def _marked(file: str, e: MarkedYAMLError) -> Problem:
    mark = e.problem_mark or e.context_mark
    what = " ".join(x for x in (e.context, e.problem) if x)
    if mark is None:
        return Problem(file, None, None, "", f"not valid YAML: {what}")
    return Problem(file, mark.line + 1, mark.column + 1, "", f"not valid YAML: {what}")


def read_text(path: Path) -> str:
    """Read a file a person gave us, refusing what is too large or not text."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError([Problem(file, None, None, "", f"file is larger than {MAX_BYTES:,} bytes")])
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError([Problem(file, None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise LoadError([Problem(file, None, None, "", "is a directory, not a file")]) from None
    except UnicodeDecodeError:
        raise LoadError([Problem(file, None, None, "", "is not UTF-8 text")]) from None
    except OSError as e:
        raise LoadError([Problem(file, None, None, "", f"cannot be read: {e.strerror}")]) from None


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


def write_atomic(path: Path, text: str) -> None:
    """Write next to the target, flush to disk, then rename: a failure leaves the old file whole."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
