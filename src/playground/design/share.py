"""A design as one paste-able line: `pg1:` + base64url(zlib(the YAML text)), and back.

The line carries the file's text as written (comments included), so whoever opens it sees the
design its author saw. zlib's checksum catches a line garbled in transit; decoding stops at the
same size limit as reading a file, so a small line cannot expand into gigabytes.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import zlib
from typing import Any

from ruamel.yaml import YAML

from playground.design.load import Loaded, load_design_text
from playground.design.model import Design
from playground.design.problems import LoadError, Problem
from playground.design.yamlio import MAX_BYTES

PREFIX = "pg1:"
SHARED_FILE = "<shared design>"
MAX_LINE = 2 * MAX_BYTES
"""Longest line accepted; zlib at worst grows its input by a few bytes, base64 by a third."""
_BODY = re.compile(r"[A-Za-z0-9_-]+")


class ShareError(ValueError):
    """A line that is not a design: `message` says why, in words a person can act on."""


def encode_share(text: str) -> str:
    """The one-line form of a design's YAML text."""
    packed = zlib.compress(text.encode("utf-8"), 9)
    return PREFIX + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def compact_text(design: Design) -> str:
    """The design's fields without comments or defaults: the shortest YAML that loads back to an
    equal design (for `playground share --compact`)."""
    data = _shorthand(design.model_dump(mode="json", exclude_defaults=True))
    for i, c in enumerate(data.get("components", [])):
        first = {k: c.pop(k) for k in ("id", "kind") if k in c}
        last = {k: c.pop(k) for k in ("calls",) if k in c}
        data["components"][i] = first | c | last
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None  # short leaf mappings inline, like a person writes them
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def _shorthand(data: Any) -> Any:
    """The short forms the loader accepts: a call to every operation as a bare id, an exponential
    timing as its mean."""
    if isinstance(data, list):
        return [_shorthand(v) for v in data]
    if not isinstance(data, dict):
        return data
    if set(data) == {"to"}:
        return data["to"]
    if set(data) == {"mean_ms"}:
        return data["mean_ms"]
    return {k: _shorthand(v) for k, v in data.items()}


def is_share_line(s: str) -> bool:
    """Whether `s` (an argument where a design file is expected) is a share line, not a path.
    A path cannot match: the body's alphabet has no `/` or `.`."""
    s = s.strip()
    return s.startswith(PREFIX) and _BODY.fullmatch(s[len(PREFIX) :]) is not None


def decode_share(line: str) -> str:
    """The YAML text a share line carries; ShareError when the line is not one, or is damaged."""
    line = line.strip()
    if not line.startswith(PREFIX):
        raise ShareError(f"a shared design starts with {PREFIX!r}")
    if len(line) > MAX_LINE:
        raise ShareError(
            f"the line is {len(line):,} characters; a shared design has at most {MAX_LINE:,}"
        )
    body = line[len(PREFIX) :]
    if not _BODY.fullmatch(body):
        bad = next((ch for ch in body if not _BODY.fullmatch(ch)), "")
        what = f"the character {bad!r}" if bad else "nothing after the prefix"
        raise ShareError(f"the line has {what}; was it cut or changed when copied?")
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise ShareError("the line is not valid base64url; was it cut when copied?") from None
    inflate = zlib.decompressobj()
    try:
        data = inflate.decompress(packed, MAX_BYTES + 1)
    except zlib.error:
        raise ShareError(
            "the line is damaged (its checksum does not match); copy it again"
        ) from None
    if len(data) > MAX_BYTES or inflate.unconsumed_tail:
        raise ShareError(f"the design inside is larger than {MAX_BYTES:,} bytes")
    if not inflate.eof:
        raise ShareError("the line ends too early; was it cut when copied?")
    if inflate.unused_data:
        raise ShareError("the line has extra characters after the design; copy it again")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ShareError("the design inside is not UTF-8 text") from None


def load_shared_design(line: str, given: frozenset[str] = frozenset()) -> Loaded[Design]:
    """Like `load_design(path)` for a share line; every failure is a located LoadError."""
    try:
        text = decode_share(line)
    except ShareError as e:
        raise LoadError(
            [
                Problem(
                    SHARED_FILE,
                    None,
                    None,
                    "",
                    str(e),
                    "`playground share FILE` prints a design's line",
                )
            ]
        ) from None
    return load_design_text(text, SHARED_FILE, given)
