"""The architecture as boxes and arrows on a character grid, in layers left to right from the entry.

Columns come from `playground.design.graph.layers`. A call that skips columns passes through a
one-row placeholder in each column it crosses, so every arrow runs between neighbouring columns:
out of its caller's right side, along a vertical trunk in the gap, into its callee's left side
(`▶`). Lines are drawn as bits (up, down, left, right) per cell, so crossings and merges come out as
proper box-drawing junctions. A replica hangs off its database with a dashed line. When the columns
do not fit the width, boxes shrink (ids are cut with `…`) and then the columns wrap into bands,
with `▸` stubs where an arrow leaves one band and enters the next.

`layout()` gives the grid and where each box is (the TUI uses it for clicks and keyboard moves);
`diagram_text()` is the plain text; `diagram_renderable()` adds colour, heat and a selection.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from rich.console import Console
from rich.style import Style
from rich.text import Text

from playground.design.graph import design_graph, layers
from playground.design.model import Design

U, D, L, R = 1, 2, 4, 8
GLYPHS = {
    L | R: "─", L: "─", R: "─", U | D: "│", U: "│", D: "│",
    D | R: "╭", D | L: "╮", U | R: "╰", U | L: "╯",
    U | D | R: "├", U | D | L: "┤", D | L | R: "┬", U | L | R: "┴", U | D | L | R: "┼",
}
DASHED = {L | R: "┄", L: "┄", R: "┄", U | D: "┆", U: "┆", D: "┆"}
BOX_H = 3
MIN_INNER, MAX_INNER = 7, 16


@dataclass(frozen=True)
class Box:
    id: str
    x: int
    y: int
    w: int
    h: int = BOX_H

    def contains(self, x: int, y: int) -> bool:
        return self.x <= x < self.x + self.w and self.y <= y < self.y + self.h


@dataclass
class DiagramLayout:
    """The drawn grid: `lines` of text, `boxes` by id, `styles` per cell ('box', 'edge', 'dashed',
    'kind', 'id', 'arrow'), the columns in drawn order, and notes for arrows it could not draw."""

    lines: list[str]
    boxes: dict[str, Box]
    styles: dict[tuple[int, int], str]
    columns: list[list[str]]
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(line) for line in self.lines), default=0)

    def box_at(self, x: int, y: int) -> str | None:
        for box in self.boxes.values():
            if box.contains(x, y):
                return box.id
        return None

    def neighbour(self, current: str | None, dx: int, dy: int) -> str | None:
        """The box left/right (dx) or above/below (dy) of `current`, for arrow-key moves."""
        cols = [c for c in self.columns if c]
        if not cols:
            return None
        if current not in self.boxes:
            return cols[0][0]
        ci = next(i for i, c in enumerate(cols) if current in c)
        ri = cols[ci].index(current)
        if dy:
            return cols[ci][max(0, min(len(cols[ci]) - 1, ri + dy))]
        nci = max(0, min(len(cols) - 1, ci + dx))
        if nci == ci:
            return current
        y = self.boxes[current].y
        return min(cols[nci], key=lambda b: abs(self.boxes[b].y - y))


class _Canvas:
    def __init__(self) -> None:
        self.chars: dict[tuple[int, int], str] = {}
        self.styles: dict[tuple[int, int], str] = {}
        self.bits: dict[tuple[int, int], int] = {}
        self.solid: set[tuple[int, int]] = set()

    def put(self, x: int, y: int, text: str, style: str) -> None:
        for i, ch in enumerate(text):
            self.chars[(x + i, y)] = ch
            self.styles[(x + i, y)] = style

    def _bit(self, x: int, y: int, bit: int, dashed: bool) -> None:
        self.bits[(x, y)] = self.bits.get((x, y), 0) | bit
        if not dashed:
            self.solid.add((x, y))

    def hline(self, y: int, x1: int, x2: int, dashed: bool = False) -> None:
        lo, hi = min(x1, x2), max(x1, x2)
        for x in range(lo, hi):
            self._bit(x, y, R, dashed)
            self._bit(x + 1, y, L, dashed)
        if lo == hi:
            self._bit(lo, y, L | R, dashed)

    def vline(self, x: int, y1: int, y2: int, dashed: bool = False) -> None:
        lo, hi = min(y1, y2), max(y1, y2)
        for y in range(lo, hi):
            self._bit(x, y, D, dashed)
            self._bit(x, y + 1, U, dashed)

    def route(self, sx: int, sy: int, trunk: int, tx: int, ty: int, dashed: bool) -> None:
        self._bit(sx, sy, L, dashed)
        self.hline(sy, sx, trunk, dashed)
        self.vline(trunk, sy, ty, dashed)
        self.hline(ty, trunk, tx, dashed)

    def lines(self, x0: int, y0: int, width: int, height: int) -> tuple[list[str], dict[tuple[int, int], str]]:
        rows, styles = [], {}
        for y in range(y0, y0 + height):
            row = []
            for x in range(x0, x0 + width):
                ch = self.chars.get((x, y))
                if ch is not None:
                    style = self.styles[(x, y)]
                else:
                    bits = self.bits.get((x, y), 0)
                    dashed = (x, y) not in self.solid
                    ch = (DASHED.get(bits) if dashed else None) or GLYPHS.get(bits, " ")
                    style = ("dashed" if dashed else "edge") if bits else ""
                row.append(ch)
                if style:
                    styles[(x - x0, y - y0)] = style
            rows.append("".join(row).rstrip())
        return rows, styles


def _box_caption(design: Design, cid: str) -> tuple[str, str, str]:
    c = design.component(cid)
    kind = c.drawn_as or c.kind
    short = c.drawn_short or kind
    count = c.instance_count()
    return kind, short, (f"{cid} ×{count}" if count > 1 else cid)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _order(columns: list[list[str]], preds: dict[str, list[str]]) -> None:
    """Barycentre ordering, one sweep left to right: fewer crossings, stable for ties."""
    for c in range(1, len(columns)):
        rank = {n: i for i, n in enumerate(columns[c - 1])}
        def key(n: str, rank: dict[str, int] = rank) -> float:
            ps = [rank[p] for p in preds.get(n, []) if p in rank]
            return sum(ps) / len(ps) if ps else float(len(rank))
        columns[c].sort(key=key)


def layout(design: Design, width: int = 80) -> DiagramLayout:
    """Lay the design out in at most `width` columns of text (wrapping into bands if needed)."""
    if not design.components:
        return DiagramLayout(["(no components)"], {}, {}, [])
    cols = layers(design)
    col_of = {n: i for i, col in enumerate(cols) for n in col}
    g = design_graph(design)

    # every edge between neighbouring columns: long ones through placeholders ("~a~b~k")
    columns: list[list[str]] = [list(c) for c in cols]
    edges: list[tuple[str, str, bool]] = []
    notes: list[str] = []
    for a, b, data in g.edges(data=True):
        ca, cb = col_of[a], col_of[b]
        dashed = bool(data.get("replicates"))
        if cb <= ca:
            notes.append(f"{a} {'┄' if dashed else '→'} {b}")
            continue
        prev = a
        for k in range(ca + 1, cb):
            dummy = f"~{a}~{b}~{k}"
            columns[k].append(dummy)
            edges.append((prev, dummy, dashed))
            prev = dummy
        edges.append((prev, b, dashed))
    preds: dict[str, list[str]] = {}
    for a, b, _ in edges:
        preds.setdefault(b, []).append(a)
    _order(columns, preds)

    captions = {n: _box_caption(design, n) for n in design.ids}
    want = max(max(len(k) + 2, len(t)) for k, _, t in captions.values())
    inner = max(MIN_INNER, min(MAX_INNER, want))
    gap = 6
    n = len(columns)

    def span(k: int, inner: int, gap: int) -> int:
        return k * (inner + 2) + (k - 1) * gap + (2 if k < n else 0)  # room for band stubs

    while span(n, inner, gap) > width and (gap > 4 or inner > MIN_INNER):
        if gap > 4:
            gap -= 1
        else:
            inner -= 1
    per_band = n
    while per_band > 1 and span(per_band, inner, gap) > width:
        per_band -= 1

    canvas = _Canvas()
    boxes: dict[str, Box] = {}
    slots: dict[str, tuple[int, int, int]] = {}  # node -> (left x, middle row, right x + 1)
    bw = inner + 2
    bands = [list(range(s, min(n, s + per_band))) for s in range(0, n, per_band)]
    wrapped = len(bands) > 1
    band_rows: list[tuple[int, int]] = []
    top = 0
    for band in bands:
        heights = [sum(BOX_H if not m.startswith("~") else 1 for m in columns[c]) + len(columns[c]) - 1
                   for c in band]
        band_h = max(heights)
        for j, c in enumerate(band):
            x = (2 if wrapped else 0) + j * (bw + gap)
            y = top + (band_h - heights[j]) // 2
            for m in columns[c]:
                if m.startswith("~"):
                    canvas.hline(y, x - 1, x + bw)
                    slots[m] = (x - 1, y, x + bw)
                    y += 2
                    continue
                kind, short, title = captions[m]
                kind = kind if len(kind) + 2 <= inner else short
                boxes[m] = Box(m, x, y, bw)
                canvas.put(x, y, "┌", "box")
                canvas.put(x + 1, y, _fit(f" {kind} ", inner).ljust(inner, "─"), "kind")
                canvas.put(x + bw - 1, y, "┐", "box")
                canvas.put(x, y + 1, "│", "box")
                canvas.put(x + 1, y + 1, _fit(title, inner).ljust(inner), "id")
                canvas.put(x + bw - 1, y + 1, "│", "box")
                canvas.put(x, y + 2, "└" + "─" * inner + "┘", "box")
                slots[m] = (x, y + 1, x + bw)
                y += BOX_H + 1
        band_rows.append((top, band_h))
        top += band_h + 1

    band_of = {m: bi for bi, band in enumerate(bands) for c in band for m in columns[c]}
    by_source: dict[str, list[tuple[str, bool]]] = {}
    for a, b, dashed in edges:
        by_source.setdefault(a, []).append((b, dashed))
    for bi, band in enumerate(bands):
        for j, c in enumerate(band):
            sources = [m for m in columns[c] if m in by_source]
            x_gap = (2 if wrapped else 0) + j * (bw + gap) + bw
            lanes = list(range(x_gap + 1, x_gap + gap - 1)) or [x_gap]
            for k, src in enumerate(sources):
                _, sy, sx = slots[src]
                trunk = lanes[k * len(lanes) // max(1, len(sources))] if len(sources) <= len(lanes) else lanes[k % len(lanes)]
                for dst, dashed in by_source[src]:
                    tx, ty, _ = slots[dst]
                    if band_of[dst] != bi:  # leaves this band: a stub at the right, one at the left below
                        canvas._bit(sx, sy, L, dashed)
                        canvas.hline(sy, sx, x_gap + 2, dashed)
                        canvas.put(x_gap + 2, sy, "▸", "arrow")
                        canvas.hline(ty, 0, tx, dashed)
                        canvas.put(0, ty, "▸", "arrow")
                    else:
                        canvas.route(sx, sy, trunk, tx, ty, dashed)
                    if not dst.startswith("~"):
                        canvas.put(tx - 1, ty, "▶", "arrow")
    total_w = max(x for x, _ in canvas.chars) + 1 if canvas.chars else 0
    total_w = max([total_w, *(x + 1 for x, _ in canvas.bits)])
    lines, styles = canvas.lines(0, 0, total_w, top - 1)
    return DiagramLayout(lines, boxes, styles, [[m for m in col if not m.startswith("~")] for col in columns], notes)


def diagram_text(design: Design, width: int = 80) -> str:
    """The diagram as plain text (for `playground diagram --format text`)."""
    lay = layout(design, width)
    text = "\n".join(lay.lines)
    if lay.notes:
        text += "\n\nalso: " + ", ".join(lay.notes)
    return text + "\n"


def heat_style(value: float) -> Style:
    """Green when idle, yellow from 70 %, red from 90 % (utilization, or an error share)."""
    if value >= 0.9:
        return Style(color="red", bold=True)
    if value >= 0.7:
        return Style(color="yellow", bold=True)
    return Style(color="green")


BASE_STYLES = {
    "box": Style(),
    "kind": Style(dim=True),
    "id": Style(bold=True),
    "edge": Style(color="bright_black"),
    "dashed": Style(color="bright_black"),
    "arrow": Style(color="bright_black", bold=True),
}


def diagram_renderable(
    design: Design,
    width: int = 80,
    heat: Mapping[str, float] | None = None,
    selected: str | None = None,
    lay: DiagramLayout | None = None,
) -> Text:
    """The diagram as rich Text: boxes coloured by `heat` (0..1 per id), `selected` highlighted."""
    lay = lay or layout(design, width)
    owner: dict[tuple[int, int], str] = {}
    for box in lay.boxes.values():
        for y in range(box.y, box.y + box.h):
            for x in range(box.x, box.x + box.w):
                owner[(x, y)] = box.id
    out = Text(no_wrap=True, overflow="crop")
    for y, line in enumerate(lay.lines):
        if y:
            out.append("\n")
        run, run_style = "", Style()
        for x, ch in enumerate(line):
            role = lay.styles.get((x, y), "")
            style = BASE_STYLES.get(role, Style())
            who = owner.get((x, y))
            if who is not None:
                if heat and who in heat:
                    style = style + heat_style(heat[who])
                if who == selected:
                    style = style + (Style(reverse=True, bold=True) if role == "id" else Style(bold=True, color="cyan"))
            if style != run_style and run:
                out.append(run, run_style)
                run = ""
            run, run_style = run + ch, style
        if run:
            out.append(run, run_style)
    if lay.notes:
        out.append("\n\nalso: " + ", ".join(lay.notes), Style(dim=True))
    return out


def diagram_svg(design: Design, width: int = 100, heat: Mapping[str, float] | None = None, title: str = "") -> str:
    """The diagram as an SVG image (rich's terminal export)."""
    lay = layout(design, width)
    console = Console(record=True, width=max(20, lay.width + 2), file=io.StringIO(), color_system="truecolor")
    console.print(diagram_renderable(design, width, heat=heat, lay=lay))
    return console.export_svg(title=title or design.name)
