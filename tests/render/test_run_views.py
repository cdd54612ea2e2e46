"""Utilization by instance, what a change bought, the brief and the vector drawing: each follows
the data it is given (hand-built results, the shipped challenges and designs)."""

from __future__ import annotations

import io
import xml.dom.minidom

import pytest
from rich.console import Console

from playground.design import bundled
from playground.design.load import load_challenge, load_design
from playground.render.brief import brief, brief_renderable
from playground.render.compare import Figures, change_line, changes, design_diff, figures
from playground.render.utilization import heat_of, instances_of, pinned_s, utilization_table
from playground.render.vector import diagram_vector_svg


def text(renderable, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


# A hand-built result in the shape the engine will give (`components[id].instances`).
SHARDED = {
    "series": {"t": [0, 1, 2, 3]},
    "components": {
        "carts": {"kind": "shard", "utilization": 0.30, "throughput_rps": 400.0, "queue_length": 9.0,
                  "errors": 0, "instances": [
                      {"utilization": 0.97, "throughput_rps": 180.0},
                      {"utilization": 0.11, "throughput_rps": 75.0},
                      {"utilization": 0.10, "throughput_rps": 72.0},
                      {"utilization": 0.02, "throughput_rps": 73.0}]},
        "api": {"kind": "service", "utilization": 0.50, "throughput_rps": 400.0, "queue_length": 0.1,
                "errors": 0},
    },
}


def test_the_average_hides_a_hot_partition_and_the_table_names_it() -> None:
    assert [i["utilization"] for i in instances_of(SHARDED["components"]["carts"])] == [0.97, 0.11, 0.10, 0.02]
    assert instances_of(SHARDED["components"]["api"]) == []
    heat = heat_of(SHARDED)
    assert heat["carts"] == 0.97 and heat["api"] == 0.50  # the busiest partition colours the box
    lines = text(utilization_table(SHARDED), 120).splitlines()
    assert lines[0].startswith("carts") and "30.0 %" in lines[0]  # busiest first, by its peak
    assert "busiest 97 %: the average hides it" in lines[0]
    assert [line.split()[0] for line in lines[1:5]] == ["#0", "#1", "#2", "#3"]
    assert "97.0 %" in lines[1] and "180.0 req/s" in lines[1]
    assert lines[5].startswith("api") and "busiest" not in lines[5]


def test_a_service_pinned_through_a_spike_is_marked_though_its_average_is_80_percent() -> None:
    series = [0.5] * 10 + [1.0] * 20 + [0.4] * 10
    result = {"series": {"t": list(range(40))}, "components": {
        "api": {"kind": "service", "utilization": sum(series) / 40, "throughput_rps": 10.0,
                "series": {"utilization": series}}}}
    c = result["components"]["api"]
    assert c["utilization"] == pytest.approx(0.725) and pinned_s(c) == 20
    assert heat_of(result)["api"] >= 0.95  # red in the diagram, not the average's yellow
    assert "pinned ≥95 % for 20 s" in text(utilization_table(result), 140)


def test_what_a_change_bought() -> None:
    before = Figures(41.0, False, 419.9, 0.9312, 112.0)
    after = Figures(78.0, True, 38.2, 0.9995, 124.4)
    assert changes(before, after) == [
        ("score", "41 → 78", True), ("p99", "420 → 38 ms", True),
        ("availability", "93.12 → 99.95 %", True), ("cost", "+$12/month", False),
        ("verdict", "now passes", True)]
    line = change_line(before, after).plain
    assert line == ("since the last run: score 41 → 78, p99 420 → 38 ms, availability 93.12 → 99.95 %, "
                    "cost +$12/month, verdict now passes")
    assert "no change" in change_line(after, after).plain
    assert change_line(None, after).plain == "first run of this design against this challenge"
    assert Figures.from_dict(after.to_dict()) == after


def test_figures_come_from_the_result_and_the_card() -> None:
    result = {"latency_ms": {"overall": {"p99": 26.8}}, "availability": 1.0}
    card = {"scores": {"overall": 100.0}, "passed": True, "cost": {"monthly_usd": 112.0}}
    assert figures(result, card) == Figures(100.0, True, 26.8, 1.0, 112.0)
    assert figures({}, {}) == Figures(0.0, False, None, None, None)


def test_the_designs_diff_marks_what_changed() -> None:
    diff = design_diff("a.yaml", "name: a\nworkers: 2\n", "b.yaml", "name: a\nworkers: 8\n").plain
    assert "-workers: 2" in diff and "+workers: 8" in diff and "--- a.yaml" in diff
    assert "same text" in design_diff("a", "x: 1\n", "b", "x: 1\n").plain


@pytest.mark.parametrize("path", bundled.challenge_files(), ids=lambda p: p.stem)
def test_every_challenge_has_a_brief_naming_its_requirements_faults_and_limit(path) -> None:
    c = load_challenge(path).model
    data = brief(path.stem, c)
    assert data["story"] and data["time_limit_min"] == c.time_limit_min
    assert len(data["requirements"]) == len(c.requirements) and len(data["faults"]) == len(c.faults)
    assert all(r["text"] for r in data["requirements"]) and all(f["text"] for f in data["faults"])
    shown = text(brief_renderable(data), 100)
    assert c.title in shown and "to pass" in shown and "faults" in shown
    budget = [r for r in c.requirements if r.kind == "cost"]
    assert (data["budget_monthly_usd"] is None) == (not budget)


def test_the_brief_of_disaster_recovery_in_words() -> None:
    data = brief("disaster-recovery", load_challenge(bundled.challenge_path("disaster-recovery")).model)
    assert [f["text"] for f in data["faults"]] == ["crash role:primary until the run ends"]
    assert data["faults"][0]["at_s"] == 20
    assert {r["text"] for r in data["requirements"]} >= {"p99 latency under 200 ms",
                                                         "cost at most $700/month"}
    assert data["traffic"].endswith("clients time out at 1000 ms, 1 retry from 200 ms")


@pytest.mark.parametrize("path", bundled.design_files(), ids=lambda p: p.stem)
def test_the_vector_drawing_has_a_shape_and_a_name_per_component(path) -> None:
    design = load_design(path).model
    svg = diagram_vector_svg(design)
    doc = xml.dom.minidom.parseString(svg)
    texts = [t.firstChild.data for t in doc.getElementsByTagName("text") if t.firstChild]
    rects = doc.getElementsByTagName("rect")
    assert len(rects) == len(design.ids) + 1  # a box each, and the background
    for c in design.components:
        assert (c.label or c.id) in texts
    assert doc.documentElement.getAttribute("font-family")  # text, not a screenshot
    counted = [c for c in design.components if (getattr(c, "instances", 1) or 1) > 1]
    for c in counted:
        assert f"×{c.instances} instances" in texts
