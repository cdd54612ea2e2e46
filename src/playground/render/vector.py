"""The architecture as a real vector drawing (SVG shapes and text in a system font), for slides
and documents; the terminal picture of the diagram is a screenshot with web fonts.

Boxes sit where the text diagram puts them (`layout`), scaled from cells to points; each call is
an arrow from the caller's right side to the callee's left side (or round the back when the
callee is to the left), replication a dashed line. Counts of instances and partitions show on
the box.
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

from playground.design.graph import design_graph
from playground.design.model import Design
from playground.render.diagram import layout

CELL_W, CELL_H = 9.0, 18.0  # points per character cell and per line
PAD = 16.0
FONT = "Helvetica, Arial, sans-serif"
# A box's fill by the shape the kind takes in Graphviz (a fact each kind states): stores blue,
# caches amber, queues violet, third parties grey, traffic shapers green.
FILL = {"cylinder": "#e8f0fe", "box3d": "#fff4e5", "cds": "#f3e8fd", "ellipse": "#f1f3f4",
        "hexagon": "#e6f4ea"}


def _count(c: object) -> str:
    for name in ("instances", "partitions"):
        n = getattr(c, name, None)
        if isinstance(n, int) and n > 1:
            return f"×{n} {name}"
    return ""


def _kind(c: object) -> str:
    return str(getattr(c, "kind", ""))


def _heat_colour(value: float) -> str:
    return "#d93025" if value >= 0.9 else "#f9ab00" if value >= 0.7 else "#1e8e3e"


def diagram_vector_svg(design: Design, heat: Mapping[str, float] | None = None, width: int = 100) -> str:
    lay = layout(design, width)
    boxes = {cid: (PAD + b.x * CELL_W, PAD + b.y * CELL_H, b.w * CELL_W, b.h * CELL_H)
             for cid, b in lay.boxes.items()}
    right = max((x + w for x, _, w, _ in boxes.values()), default=PAD) + PAD
    bottom = max((y + h for _, y, _, h in boxes.values()), default=PAD) + PAD + CELL_H
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{right:.0f}" height="{bottom:.0f}" '
        f'viewBox="0 0 {right:.0f} {bottom:.0f}" font-family="{FONT}" font-size="12">',
        f"<title>{escape(design.name)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5f6368"/>'
        "</marker></defs>",
        f'<rect width="{right:.0f}" height="{bottom:.0f}" fill="#ffffff"/>',
    ]
    graph = design_graph(design)
    for a, b, data in graph.edges(data=True):
        if a not in boxes or b not in boxes:
            continue
        ax, ay, aw, ah = boxes[a]
        bx, by, bw, bh = boxes[b]
        y1, y2 = ay + ah / 2, by + bh / 2
        if data.get("replicates"):  # a dashed line between the facing sides
            if bx >= ax + aw or ax >= bx + bw:
                x1, x2 = (ax + aw, bx) if bx >= ax + aw else (ax, bx + bw)
                ends = (x1, y1, x2, y2)
            else:
                ends = (ax + aw / 2, ay + ah, bx + bw / 2, by) if by > ay else (ax + aw / 2, ay, bx + bw / 2, by + bh)
            out.append('<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#5f6368" '
                       'stroke-dasharray="4 3"/>'.format(*ends))
            continue
        if bx >= ax + aw:
            x1, x2 = ax + aw, bx
            mid = (x1 + x2) / 2
            path = f"M{x1:.1f},{y1:.1f} H{mid:.1f} V{y2:.1f} H{x2:.1f}"
        else:  # the callee is not to the right: round the bottom
            low = max(ay + ah, by + bh) + CELL_H / 2
            path = (f"M{ax + aw / 2:.1f},{ay + ah:.1f} V{low:.1f} H{bx + bw / 2:.1f} V{by + bh:.1f}")
        out.append(f'<path d="{path}" fill="none" stroke="#5f6368" marker-end="url(#arrow)"/>')
        ops = data.get("ops")
        if ops:  # by the arrow's head, where calls fanning out from one box are apart
            out.append(f'<text x="{bx - 4:.1f}" y="{y2 - 4:.1f}" font-size="10" text-anchor="end" '
                       f'fill="#5f6368">{escape(", ".join(ops))}</text>')
    for cid, (x, y, w, h) in boxes.items():
        c = design.component(cid)
        stroke = _heat_colour(heat[cid]) if heat and cid in heat else "#5f6368"
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" '
                   f'fill="{FILL.get(str(getattr(c, "dot", "")), "#ffffff")}" stroke="{stroke}" stroke-width="1.5"/>')
        lines = [(_kind(c).replace("_", " "), "10", "#5f6368"), (c.label or cid, "13", "#202124")]
        count = _count(c)
        if count:
            lines.append((count, "10", "#5f6368"))
        step = h / (len(lines) + 1)
        for k, (text, size, colour) in enumerate(lines, 1):
            out.append(f'<text x="{x + w / 2:.1f}" y="{y + k * step + 4:.1f}" text-anchor="middle" '
                       f'font-size="{size}" fill="{colour}">{escape(text)}</text>')
    if design.entry in boxes:
        x, y, _, h = boxes[design.entry]
        out.append(f'<text x="{x:.1f}" y="{y - 4:.1f}" font-size="10" fill="#5f6368">entry</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
