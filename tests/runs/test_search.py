"""`playground search`: knobs set in the text (comments kept), a component spliced out, and the
cheapest candidate that passes at every seed, with pruning that never drops a cheaper pass."""

from __future__ import annotations

import json

import pytest

from playground.cli import main
from playground.design import bundled
from playground.design.load import load_design_text
from playground.runs.executors import SerialExecutor
from playground.runs.knobs import KnobError, candidate_text, parse_knob
from playground.runs.plan import Entry, grade_all
from playground.runs.search import SearchError, candidates, search

from .helpers import entry

DESIGN = """# a cache in front of a database
name: d
entry: api
components:
  - id: api   # the web tier
    kind: service
    instances: 2
    calls:
      - {to: cache, ops: [read]}
      - {to: db, ops: [write]}
  - id: cache
    kind: cache
    calls: [db]
  - id: db
    kind: database
"""


def test_knobs_parse_ranges_lists_and_presence():
    assert parse_knob("api.instances=1..3").values == (1, 2, 3)
    assert parse_knob("db.size=small,large").values == ("small", "large")
    assert parse_knob("db.failover.promotion_s=5,7.5").field == "failover.promotion_s"
    assert parse_knob("cache=present,absent").field is None
    for bad in ("api.instances", "api.instances=3..1", "cache=1,2", "=1"):
        with pytest.raises(KnobError):
            parse_knob(bad)


def test_a_candidate_changes_only_the_lines_its_knobs_touch():
    text = candidate_text(DESIGN, (parse_knob("api.instances=3"),), (3,))
    assert text == DESIGN.replace("instances: 2", "instances: 3")


def test_a_component_taken_out_leaves_its_callers_calling_what_it_called():
    text = candidate_text(DESIGN, (parse_knob("cache=absent"),), ("absent",))
    design = load_design_text(text).model
    assert design.ids == ["api", "db"]
    (call,) = design.component("api").calls
    assert call.to == "db" and set(call.ops or ()) == {"read", "write"}
    assert "# a cache in front of a database" in text and "# the web tier" in text


def test_the_pruned_search_finds_the_cheapest_pass_of_the_whole_grid():
    """Against the plain grid, every candidate run: the same winner, fewer runs."""
    e = entry("slow-side-effects")
    knobs = (parse_knob("api.instances=1..3"), parse_knob("welcome-queue.consumers=2,8,24"))
    pruned = search(e.design_text, knobs, "slow-side-effects", e.challenge, SerialExecutor(), round_size=2)
    everything = [c for c in candidates(e.design_text, knobs, e.challenge) if c.design is not None]
    grades = grade_all([Entry(str(c.index), "slow-side-effects", c.design, c.text, e.challenge)  # type: ignore[arg-type]
                        for c in everything], SerialExecutor())
    passing = [(g.to_dict()["cost"]["monthly_usd"], c.index) for c, g in zip(everything, grades, strict=True)
               if g.passed]
    assert pruned.winner is not None and passing
    assert (round(pruned.winner.cost, 2), pruned.winner.candidate.index) == min(passing)
    assert len(pruned.run) < len(everything), "the cheapest pass pruned the dearer candidates"
    for t in pruned.tried:
        if t.grade is None:
            assert t.candidate.machines_usd >= pruned.winner.cost
    front = pruned.frontier()
    assert [t.grade.overall for t in front] == sorted(t.grade.overall for t in front)  # type: ignore[union-attr]


def test_too_many_candidates_are_refused_before_anything_runs():
    e = entry("slow-side-effects")
    knobs = tuple(parse_knob(f"api.{f}=1..20") for f in ("instances", "workers", "queue_limit"))
    with pytest.raises(SearchError, match="8,000 candidates"):
        candidates(e.design_text, knobs, e.challenge)


def test_search_prints_the_winner_as_yaml_with_the_originals_comments(capsys, tmp_path):
    design = bundled.challenges_dir() / "solutions/slow-side-effects.yaml"
    winner = tmp_path / "winner.yaml"
    code = main(["search", str(design), "-c", "slow-side-effects", "--vary", "api.instances=1..2",
                 "--executor", "serial", "--write", str(winner)])
    out = capsys.readouterr().out
    first_line = design.read_text().splitlines()[0]
    assert code == 0 and first_line in out and "cost against score" in out
    assert winner.read_text().splitlines()[0] == first_line
    assert main(["search", str(design), "-c", "slow-side-effects", "--vary", "api.instances=1..2",
                 "--executor", "serial", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["winner"]["yaml"] == winner.read_text() and data["candidates"] == 2


def test_search_names_a_knob_on_a_missing_component_with_exit_2(capsys):
    design = bundled.challenges_dir() / "solutions/slow-side-effects.yaml"
    assert main(["search", str(design), "-c", "slow-side-effects", "--vary", "nope.instances=1..2"]) == 2
    assert "no component 'nope'" in capsys.readouterr().err
