"""Mermaid and DOT of a design whose names and labels are hostile (issue 19.15)."""

from __future__ import annotations

import re

import pytest

from playground.design.export import dot, mermaid
from playground.design.model import Design

LABELS = [
    'x", image="/etc/passwd", label="y',  # would make Graphviz embed a local file
    'a\\"]; evil [image="/etc/passwd"]; b [label="',
    'pay"]\n  click n_api href "javascript:alert(1)"\n  x["',  # a Mermaid click to javascript:
    "<img src=x onerror=alert(1)>",
    "back\\slash \\N \\l and # hash | pipe `tick`",
]


def design(label: str) -> Design:
    return Design.model_validate({
        "name": 'na"me', "entry": "db-1",
        "components": [
            {"id": "db-1", "kind": "service", "label": label.replace("\n", " "), "calls": ["db_1"]},
            {"id": "db_1", "kind": "database"},
        ],
    })


QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


@pytest.mark.parametrize("label", LABELS)
def test_dot_keeps_every_name_and_label_inside_its_quotes(label: str) -> None:
    text = dot(design(label))
    outside = QUOTED.sub("S", text)
    assert '"' not in outside  # every string closed where it opened
    attributes = set(re.findall(r"(\w+)=", outside))
    assert attributes <= {"rankdir", "fontname", "fontsize", "shape", "label", "style"}  # no image=, no URL=
    strings = QUOTED.findall(text)
    assert any(label.replace("\n", " ").replace("\\", "\\\\").replace('"', '\\"') in s for s in strings)


@pytest.mark.parametrize("label", LABELS)
def test_mermaid_has_one_line_per_box_and_edge_and_no_click(label: str) -> None:
    lines = mermaid(design(label)).splitlines()
    assert lines[0] == "flowchart LR"
    box = re.compile(r'  (client|n_\w+)(\(\(|\[\(|\[\[|\[/|\{\{|\[)("[^"<>]*(<br/>[^"<>]*)*"|clients)'
                     r"(\)\)|\)\]|\]\]|/\]|\}\}|\])$")
    edge = re.compile(r"  (client|n_\w+) (-->|-\.->)(\|[a-z, ]+\|)? n_\w+$")
    for line in lines[1:]:
        assert box.match(line) or edge.match(line), line
    assert not any(line.lstrip().startswith("click") for line in lines)


def test_mermaid_ids_of_similar_names_stay_apart() -> None:
    """`db-1` and `db_1` were both `n_db_1`: two boxes drawn as one."""
    text = mermaid(design("x"))
    assert "n_db_d1[" in text and "n_db__1[(" in text and "n_db_d1 --> n_db__1" in text
    assert "client --> n_db_d1" in text


def test_dot_clients_node_cannot_be_a_component() -> None:
    d = Design.model_validate({"name": "c", "entry": "clients",
                               "components": [{"id": "clients", "kind": "external"}]})
    text = dot(d)
    assert '"(clients)" -> "clients";' in text and '"clients" [shape=ellipse' in text
