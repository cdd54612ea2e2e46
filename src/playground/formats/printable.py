"""Text from a file that may reach a terminal: which characters it may hold, how the rest are shown.

A terminal obeys the control characters it is sent: an escape sequence in a design's name could
clear the screen, retitle the window or hide the next line of output. The formats' text fields
refuse them (`no_control`), and whatever still comes from a file (an unknown key's name, a
path, a shared line's text) is printed through `visible`, which writes them as escapes.
"""

from __future__ import annotations

import re

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[{_CONTROL}]|\r(?!\n)")
"""C0 and C1 controls but tab, newline and a carriage return ending a line; DEL; and the marks
that reorder text (bidi)."""
LINE_BREAKS = re.compile(f"[{_CONTROL}\t\n\r]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, lines: bool = False) -> str:
    """`text` with its control characters written as escapes (`\\x1b`); tabs and newlines are
    kept when `lines` is true, escaped too otherwise (for a message that must stay one line)."""
    return (CONTROL if lines else LINE_BREAKS).sub(_escape, text)


def no_control(value: str) -> str:
    """A pydantic validator: refuse a control character, naming it and where it is."""
    return _refuse(CONTROL, value, "the control character", "remove it")


def one_line(value: str) -> str:
    """A pydantic validator for a name shown on one line: no control characters, no newline."""
    return _refuse(LINE_BREAKS, value, "the character", "a name is one line of text")


def _refuse(pattern: re.Pattern[str], value: str, what: str, advice: str) -> str:
    found = pattern.search(value)
    if found:
        raise ValueError(f"has {what} {visible(found.group())} at position {found.start() + 1}; "
                         f"{advice}")
    return value
