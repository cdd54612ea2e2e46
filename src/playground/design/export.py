"""The architecture as Mermaid or Graphviz text, for docs and pull requests."""

from __future__ import annotations

from playground.design.graph import design_graph
from playground.design.model import Design


def _label_lines(design: Design, cid: str) -> tuple[str, str]:
    c = design.component(cid)
    return c.label or c.id, f"{c.kind}{_count(c)}"


def _count(c: object) -> str:
    """` ×3 instances` / ` ×4 partitions`: what one box stands for, when it is more than one."""
    for name in ("instances", "partitions"):
        n = getattr(c, name, None)
        if isinstance(n, int) and n > 1:
            return f" ×{n} {name}"
    return ""


CLIENTS = '"(clients)"'
"""The DOT node for outside traffic: no component id can be written with parentheses."""


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
        text = "<br/>".join(_mermaid_text(line) for line in _label_lines(design, cid))
        lines.append(f'  {_mid(cid)}{left}"{text}"{right}')
    if design.entry is not None and design.entry in g:
        lines.append(f"  client --> {_mid(design.entry)}")
    for a, b, d in g.edges(data=True):
        label = _edge_label(d["ops"], d["replicates"])
        arrow = "-.->" if d["replicates"] else "-->"
        lines.append(f"  {_mid(a)} {arrow}{'|' + label + '|' if label else ''} {_mid(b)}")
    return "\n".join(lines) + "\n"


def _mid(cid: str) -> str:
    """A Mermaid id for a component, one to one: `_` is written `__` and `-` is written `_d`,
    so `db-1` (n_db_d1) and `db_1` (n_db__1) stay two boxes."""
    return "n_" + cid.replace("_", "__").replace("-", "_d")


_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;",
                     "|": "#124;", "`": "#96;"}


def _mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label: quotes, angle brackets and the rest as entity codes
    (no tag, no `click ... href` can be smuggled in), every line break a space."""
    return "".join(_MERMAID_ENTITIES.get(ch, " " if ch in "\r\n" else ch) for ch in text)


def _dot_string(text: str) -> str:
    """A quoted DOT string: `"` and `\\` escaped, so a label cannot close the string and add an
    attribute (`image="/etc/passwd"` would make Graphviz embed a local file), and no escape of
    Graphviz's own (`\\N`, `\\l`) is read into it; a line break becomes Graphviz's `\\n`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


def dot(design: Design) -> str:
    g = design_graph(design)
    lines = [f"digraph {_dot_string(design.name)} {{", "  rankdir=LR;", '  node [fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];',
             f'  {CLIENTS} [shape=plaintext, label="clients"];']
    for cid in design.ids:
        c = design.component(cid)
        label = "\\n".join(_dot_string(line)[1:-1] for line in _label_lines(design, cid))
        lines.append(f'  {_dot_string(cid)} [shape={c.dot}, label="{label}"];')
    if design.entry is not None and design.entry in g:
        lines.append(f"  {CLIENTS} -> {_dot_string(design.entry)};")
    for a, b, d in g.edges(data=True):
        label = _dot_string(_edge_label(d["ops"], d["replicates"]))
        style = ", style=dashed" if d["replicates"] else ""
        lines.append(f"  {_dot_string(a)} -> {_dot_string(b)} [label={label}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
