"""The text diagram: every box drawn once, inside the width, and every call a connected arrow."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest
from rich.console import Console

from playground.design.edit import add_component, connect, edit_text
from playground.design.graph import design_graph, layers
from playground.design.load import load_design
from playground.design.typed import check_text
from playground.render.diagram import (
    DASHED,
    GLYPHS,
    diagram_renderable,
    diagram_svg,
    diagram_text,
    layout,
)
from playground.render.problems import problems_table

ROOT = Path(__file__).resolve().parents[2]
DESIGNS = sorted((ROOT / "designs").glob("*.yaml"))
U, D, L, R = 1, 2, 4, 8
BITS = {ch: bits for table in (GLYPHS, DASHED) for bits, ch in table.items()}
BITS.update({"─": L | R, "│": U | D, "┄": L | R, "┆": U | D, "▶": L, "▸": L | R})


def connected(lines: list[str], start: tuple[int, int], goal: tuple[int, int]) -> bool:
    """Follow line glyphs from `start` (a cell right of a box) to `goal` (an arrowhead)."""
    def at(x: int, y: int) -> str:
        return lines[y][x] if 0 <= y < len(lines) and 0 <= x < len(lines[y]) else " "

    moves = ((U, 0, -1, D), (D, 0, 1, U), (L, -1, 0, R), (R, 1, 0, L))
    seen, todo = {start}, deque([start])
    while todo:
        x, y = todo.popleft()
        if (x, y) == goal:
            return True
        for bit, dx, dy, back in moves:
            nx, ny = x + dx, y + dy
            if BITS.get(at(x, y), 0) & bit and BITS.get(at(nx, ny), 0) & back and (nx, ny) not in seen:
                seen.add((nx, ny))
                todo.append((nx, ny))
    return False


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.name)
@pytest.mark.parametrize("width", [200, 80, 60, 40])
def test_every_box_once_within_the_width(path: Path, width: int) -> None:
    design = load_design(path).model
    lay = layout(design, width)
    assert sorted(lay.boxes) == sorted(design.ids)
    assert max(len(line) for line in lay.lines) <= width
    cells = [(x, y) for b in lay.boxes.values() for x in range(b.x, b.x + b.w) for y in range(b.y, b.y + b.h)]
    assert len(cells) == len(set(cells)), "boxes overlap"
    assert sorted(n for col in lay.columns for n in col) == sorted(design.ids)


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.name)
def test_every_call_is_an_arrow_from_caller_to_callee(path: Path) -> None:
    design = load_design(path).model
    lay = layout(design, 200)
    text = "\n".join(lay.lines)
    for cid in design.ids:
        assert cid in text  # wide enough: no id is cut
    for a, b in design_graph(design).edges():
        src, dst = lay.boxes[a], lay.boxes[b]
        goal = (dst.x - 1, dst.y + 1)
        assert lay.lines[goal[1]][goal[0]] == "▶"
        assert connected(lay.lines, (src.x + src.w, src.y + 1), goal), f"{a} -> {b}"


def test_columns_follow_the_layers_left_to_right() -> None:
    design = load_design(ROOT / "designs/full-stack.yaml").model
    lay = layout(design, 200)
    for i, col in enumerate(layers(design)):
        xs = {lay.boxes[c].x for c in col}
        assert len(xs) == 1
        if i:
            assert xs.pop() > lay.boxes[layers(design)[i - 1][0]].x


def test_narrow_width_wraps_into_bands_with_stubs() -> None:
    design = load_design(ROOT / "designs/full-stack.yaml").model
    lay = layout(design, 48)
    ys = sorted({b.y for b in lay.boxes.values()})
    assert ys[-1] > 10  # a second band below the first
    assert any(line.startswith("▸") for line in lay.lines)


def test_unconnected_components_have_no_lines_and_empty_design_says_so() -> None:
    text, _ = edit_text("name: x\n", add_component, "service")
    text, _ = edit_text(text, add_component, "cache")
    design = check_text(text).model
    lay = layout(design, 80)
    assert "edge" not in lay.styles.values() and "▶" not in "".join(lay.lines)
    empty = check_text("name: x\ncomponents: []\n").model
    assert diagram_text(empty).strip() == "(no components)"
    text, _ = edit_text(text, connect, "api", "cache")
    assert "─▶" in diagram_text(check_text(text).model, 80)


def test_renderable_colours_heat_and_selection() -> None:
    design = load_design(ROOT / "designs/starter.yaml").model
    lay = layout(design, 80)
    text = diagram_renderable(design, 80, heat={"db": 0.95, "api": 0.1}, selected="api", lay=lay)
    assert text.plain == "\n".join(lay.lines)
    db = lay.boxes["db"]
    offset = sum(len(line) + 1 for line in lay.lines[: db.y + 1]) + db.x + 1
    assert str(text.get_style_at_offset(Console(), offset).color.name) == "red"
    api = lay.boxes["api"]
    offset = sum(len(line) + 1 for line in lay.lines[: api.y + 1]) + api.x + 1
    assert text.get_style_at_offset(Console(), offset).reverse


def test_neighbour_moves_between_columns_and_within_one() -> None:
    design = load_design(ROOT / "designs/read-replicas.yaml").model
    lay = layout(design, 120)
    assert lay.neighbour(None, 1, 0) == "lb"
    assert lay.neighbour("lb", 1, 0) == "api"
    assert lay.neighbour("lb", -1, 0) == "lb"
    assert lay.neighbour("replica-1", 0, 1) == "replica-2"
    assert lay.box_at(lay.boxes["db"].x + 1, lay.boxes["db"].y + 1) == "db"


def test_svg_export_is_an_svg_naming_every_component() -> None:
    design = load_design(ROOT / "designs/payments.yaml").model
    svg = diagram_svg(design)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    for cid in design.ids:
        assert cid in svg


def test_problems_table_has_a_row_per_problem() -> None:
    text = (ROOT / "designs/starter.yaml").read_text().replace("workers: 8", "workers: 0")
    checked = check_text(text.replace("kind: database", "kind: databse"), "x.yaml")
    console = Console(width=120, record=True, color_system=None)
    console.print(problems_table(checked.problems))
    out = console.export_text()
    assert "x.yaml:14:14" in out and "must be >= 1 (got 0)" in out
    assert "did you mean database?" in out
