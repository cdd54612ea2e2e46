"""The architecture as Mermaid or Graphviz text, for docs and pull requests."""

from __future__ import annotations

from playground.design.graph import design_graph
from playground.design.model import Design


def _label(design: Design, cid: str) -> str:
    c = design.component(cid)
    return f"{c.label or c.id}\\n{c.kind}{_count(c)}"


def _count(c: object) -> str:
    """` ×3 instances` / ` ×4 partitions`: what one box stands for, when it is more than one."""
    for name in ("instances", "partitions"):
        n = getattr(c, name, None)
        if isinstance(n, int) and n > 1:
            return f" ×{n} {name}"
    return ""


def _edge_label(ops: list[str] | None, replicates: bool) -> str:
    if replicates:
        return "replicates"
    return ", ".join(ops) if ops else ""


def mermaid(design: Design) -> str:
    g = design_graph(design)
    lines = ["flowchart LR", "  client((clients))"]
    for cid in design.ids:
        c = design.component(cid)
        left, right = c.mermaid
        text = _label(design, cid).replace("\\n", "<br/>")
        lines.append(f'  {_mid(cid)}{left}"{text}"{right}')
    if design.entry is not None and design.entry in g:
        lines.append(f"  client --> {_mid(design.entry)}")
    for a, b, d in g.edges(data=True):
        label = _edge_label(d["ops"], d["replicates"])
        arrow = "-.->" if d["replicates"] else "-->"
        lines.append(f"  {_mid(a)} {arrow}{'|' + label + '|' if label else ''} {_mid(b)}")
    return "\n".join(lines) + "\n"


def _mid(cid: str) -> str:
    return "n_" + cid.replace("-", "_")


def dot(design: Design) -> str:
    g = design_graph(design)
    lines = [f'digraph "{design.name}" {{', "  rankdir=LR;", '  node [fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];',
             '  clients [shape=plaintext, label="clients"];']
    for cid in design.ids:
        c = design.component(cid)
        lines.append(f'  "{cid}" [shape={c.dot}, label="{_label(design, cid)}"];')
    if design.entry in g:
        lines.append(f'  clients -> "{design.entry}";')
    for a, b, d in g.edges(data=True):
        label = _edge_label(d["ops"], d["replicates"])
        style = ", style=dashed" if d["replicates"] else ""
        lines.append(f'  "{a}" -> "{b}" [label="{label}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"
