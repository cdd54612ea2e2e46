"""Faults aimed at what the story is about: a role the design's components play, a part the
world gives, a zone or region of the world. No rename or omission makes one disappear."""

from __future__ import annotations

from playground.core import simulate
from playground.design.challenge import Challenge
from playground.design.load import load_design_text
from playground.scoring import score
from tests.world.test_world import WORLD

ONE_DB = "name: d\nentry: api\ncomponents:\n  - {id: api, kind: service, calls: [%s]}\n  - {id: %s, kind: database}\n"


def challenge(faults, world=WORLD) -> Challenge:
    return Challenge.model_validate({
        "title": "t", "story": "s", "teaches": ["x"], "difficulty": "easy", "time_limit_min": 5, "seed": 3,
        "traffic": {"phases": [{"duration_s": 10, "rps": 100}], "client": {"timeout_ms": 500}},
        "world": world, "faults": faults,
        "requirements": [{"kind": "availability", "min": 0.5}],
    })


def card(text: str, c: Challenge):
    design = load_design_text(text, "d.yaml", frozenset(c.world.given_ids())).model
    result = simulate(design, c)
    return result, score(design, c, result)


CRASH_PRIMARY = [{"kind": "crash", "target": "role:primary", "at_s": 3, "duration_s": 2}]


def test_a_fault_aimed_at_a_role_strikes_it_whatever_the_design_calls_it():
    for name in ("db", "orders-store", "x"):
        result, _ = card(ONE_DB % (name, name), challenge(CRASH_PRIMARY))
        crash = next(e for e in result.events if e.kind == "crash")
        assert list(crash.detail["components"]) == [name]
        assert result.requests.error > 100  # it really was down


def test_leaving_out_what_a_needed_fault_is_about_fails_the_run():
    """No database to crash: the design dodged the story. Availability alone would pass; the
    faults requirement says why it does not."""
    text = "name: d\nentry: api\ncomponents:\n  - {id: api, kind: service}\n"
    result, c = card(text, challenge(CRASH_PRIMARY))
    assert [e.kind for e in result.events][:1] == ["missed"]
    assert not c.passed
    (req,) = [r for r in c.requirements if r.kind == "faults"]
    assert not req.passed and "crash at 3 s found nothing to strike (role:primary)" in req.detail
    optional = [dict(CRASH_PRIMARY[0], required=False)]
    assert card(text, challenge(optional))[1].passed


def test_the_entry_role_and_a_worlds_region():
    text = ONE_DB % ("db", "db") + "  - {id: r, kind: replica, of: db, zone: us-a}\n"
    c = challenge([{"kind": "hang", "target": "role:entry", "at_s": 2, "duration_s": 1},
                   {"kind": "crash", "target": "region:us", "at_s": 4, "duration_s": 1}])
    result, _ = card(text.replace("kind: service", "kind: service, zone: eu-a"), c)
    hang = next(e for e in result.events if e.kind == "hang")
    crash = next(e for e in result.events if e.kind == "crash")
    assert list(hang.detail["components"]) == ["api"]
    assert list(crash.detail["components"]) == ["r"]
