"""The YAML view of a design: a TextArea with YAML highlighting.

Textual highlights through tree-sitter, an optional extra; when tree-sitter's YAML grammar is
installed it is used, otherwise a small line tokenizer fills the same highlight map (keys,
strings, numbers, booleans, comments), so the editor is coloured either way. This module is the
one place that knows how TextArea stores highlights.
"""

from __future__ import annotations

import re

from textual.widgets import TextArea

try:  # pragma: no cover - depends on the environment
    import tree_sitter_yaml  # noqa: F401

    HAVE_GRAMMAR = True
except ImportError:
    HAVE_GRAMMAR = False

_KEY = re.compile(r"^(\s*(?:-\s+)*)(\"[^\"]*\"|'[^']*'|[^\s#'\"{}\[\],][^#{}\[\],]*?)\s*:(?=\s|$)")
_TOKEN = re.compile(r"\"[^\"]*\"?|'[^']*'?|[^\s{}\[\],:#][^{}\[\],:#]*(?<!\s)|[{}\[\],:]")
_NUMBER = re.compile(r"[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|[-+]?\.inf|\.nan")
_BOOL = {"true", "false", "yes", "no", "on", "off", "True", "False"}
_NULL = {"null", "~", "Null", "NULL"}

Highlight = tuple[int, int | None, str]


def _comment_start(line: str) -> int | None:
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'" and (i == 0 or not line[i - 1].isalnum()):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return None


def _scalar_kind(token: str) -> str:
    if token[0] in "\"'":
        return "string"
    if _NUMBER.fullmatch(token):
        return "number"
    if token in _BOOL:
        return "boolean"
    if token in _NULL:
        return "constant.builtin"
    return "string"


def highlight_line(line: str) -> list[tuple[int, int, str]]:
    """(start, end, highlight name) in characters for one line of YAML."""
    out: list[tuple[int, int, str]] = []
    cut = _comment_start(line)
    body = line if cut is None else line[:cut]
    if cut is not None:
        out.append((cut, len(line), "comment"))
    start = 0
    m = _KEY.match(body)
    if m:
        out.append((m.start(2), m.end(2), "yaml.field"))
        start = m.end()
    tokens = list(_TOKEN.finditer(body, start))
    for k, tok in enumerate(tokens):
        text = tok.group()
        if text in "{}[],:":
            out.append((tok.start(), tok.end(), "punctuation.bracket" if text in "{}[]" else "punctuation.delimiter"))
            continue
        if text == "-" or text.startswith("- ") or text in ("|", ">", "|-", ">-"):
            continue
        nxt = tokens[k + 1].group() if k + 1 < len(tokens) else ""
        kind = "yaml.field" if nxt == ":" else _scalar_kind(text)
        out.append((tok.start(), tok.end(), kind))
    return out


class YamlEditor(TextArea):
    """A YAML TextArea; tab indents with two spaces."""

    def __init__(self, text: str = "", **kwargs) -> None:
        kwargs.setdefault("tab_behavior", "indent")
        kwargs.setdefault("show_line_numbers", True)
        super().__init__(text, language="yaml" if HAVE_GRAMMAR else None, soft_wrap=False, **kwargs)
        self.indent_width = 2

    def _build_highlight_map(self) -> None:
        if HAVE_GRAMMAR:  # pragma: no cover
            super()._build_highlight_map()
            return
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        for row, line in enumerate(self.document.lines):
            if not line.strip():
                continue
            for start, end, name in highlight_line(line):
                if line.isascii():
                    highlights[row].append((start, end, name))
                else:
                    highlights[row].append((len(line[:start].encode()), len(line[:end].encode()), name))

    def go_to(self, line: int, col: int) -> None:
        """Put the cursor at a 1-based line and column, the line in the middle of the view, and
        the view scrolled sideways only when the column would be out of sight."""
        row = max(0, min(line - 1, self.document.line_count - 1))
        column = max(0, min(col - 1, len(self.document.get_line(row))))
        self.move_cursor((row, column))
        visible = self.scrollable_content_region.width - self.gutter_width
        x = 0 if column < visible - 1 else None
        self.scroll_to(x=x, y=max(0, row - self.scrollable_content_region.height // 2), animate=False)

    def replace_text(self, new: str) -> None:
        """Change the text to `new` through an edit of only the lines that differ, so the undo
        history and the cursor survive a change made from the diagram or the inspector."""
        old = self.text
        if old == new:
            return
        a, b = old.split("\n"), new.split("\n")
        head = 0
        while head < min(len(a), len(b)) and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        old_end, new_end = len(a) - tail, len(b) - tail
        lines = "\n".join(b[head:new_end])
        some = new_end > head
        if old_end < len(a):  # whole lines, up to the first line kept after them
            self.replace(lines + "\n" if some else "", (head, 0), (old_end, 0), maintain_selection_offset=True)
        elif head > 0:  # to the end, after the last line kept before them
            self.replace("\n" + lines if some else "", (head - 1, len(a[head - 1])),
                         (len(a) - 1, len(a[-1])), maintain_selection_offset=True)
        else:
            self.replace(lines, (0, 0), (len(a) - 1, len(a[-1])), maintain_selection_offset=True)
