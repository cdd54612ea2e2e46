"""The structure a design's read needs over a long horizon (playground.design.availability), and
the year it gives: built from the design's own calls and the kinds' answers, with the failure
processes of the challenge's faults, each unit (component, instance, zone) one process.

Expected values are the availability algebra of independent parts, written here (Barlow &
Proschan 1975, ch. 2): A = MTBF / (MTBF + MTTR) each; series multiply, parallel
1 - prod(1 - A); a zone's outage is one process shared by everything in it.
"""

from __future__ import annotations

import pytest

from playground.core.horizon import AtLeast, Degradable, Part, Takeover
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.requirements import YearlyAvailabilityRequirement
from tests.core.helpers import run

DAY = 86_400.0
INSTANCE = {"mtbf_s": 20 * DAY, "mttr_s": 7200}
ZONE = {"mtbf_s": 60 * DAY, "mttr_s": 10800}
A_I, A_Z = 20 * DAY / (20 * DAY + 7200), 60 * DAY / (60 * DAY + 10800)


def world_challenge(faults: list[dict], **extra) -> Challenge:
    extra.setdefault("horizon", {})  # a year, unless a test says otherwise
    return Challenge.model_validate({
        "title": "t", "story": "s", "teaches": ["t"], "difficulty": "easy", "time_limit_min": 1,
        "traffic": {"phases": [{"duration_s": 2, "rps": 20}], "mix": {"read": 1}},
        "faults": faults, "world": {"regions": {"eu": ["eu-a", "eu-b"]}}, **extra})


def failures(target: str, per: str, law: dict) -> dict:
    return {"kind": "random_failures", "at_s": 0, "target": target, "per": per, "required": False, **law}


FAULTS = [failures("role:service", "instance", INSTANCE), failures("role:store", "component", INSTANCE),
          failures("zone:eu-a", "target", ZONE), failures("zone:eu-b", "target", ZONE)]


def shop(api_zone: str = "eu", lb_zone: str = "eu", replica_zone: str = "eu-b", failover: bool = True,
         instances: int = 2, recs: bool = False) -> Design:
    db = {"id": "db", "kind": "database", "zone": "eu-a"}
    if failover:
        db["failover"] = {"detection_s": 30, "promotion_s": 30}
    api = {"id": "api", "kind": "service", "instances": instances, "zone": api_zone, "calls": ["db"]}
    comps = [{"id": "lb", "kind": "load_balancer", "zone": lb_zone, "calls": ["api"]}, api, db,
             {"id": "db-2", "kind": "replica", "of": "db", "zone": replica_zone}]
    if recs:
        api["fallback"] = True
        api["calls"] = ["db", {"to": "recs", "optional": True}]
        comps.append({"id": "recs", "kind": "service", "zone": "eu-a"})
    return Design.model_validate({"name": "shop", "entry": "lb", "components": comps})


def model(d: Design, c: Challenge):
    root, processes, _ = c.availability_model(c.assemble(d))
    return root, processes


def names(root, processes) -> list:
    """The structure with each part's processes by name, for reading in a test."""
    if isinstance(root, Part):
        return [root.name, sorted(processes[i].name for i in root.processes)]
    if isinstance(root, Degradable):
        return ["degradable", names(root.part, processes)]
    if isinstance(root, Takeover):
        return ["failover", root.switch_s, [names(p, processes) for p in root.parts]]
    return [f"{root.k} of", [names(p, processes) for p in root.parts]]


def test_the_structure_follows_the_calls_placements_and_kinds():
    root, processes = model(shop(), world_challenge(FAULTS))
    assert names(root, processes) == ["3 of", [
        ["1 of", [["lb[0]", ["2:zone:eu-a"]], ["lb[1]", ["3:zone:eu-b"]]]],  # a balancer in each zone
        ["1 of", [["api[0]", ["0:api[0]", "2:zone:eu-a"]], ["api[1]", ["0:api[1]", "3:zone:eu-b"]]]],
        ["failover", 60.0, [["db", ["1:db", "2:zone:eu-a"]], ["db-2", ["1:db-2", "3:zone:eu-b"]]]],
    ]]


def test_the_challenge_says_how_many_instances_the_load_needs():
    c = world_challenge(FAULTS, horizon={"needs": {"role:service": 2}})
    root, _ = model(shop(instances=3), c)
    assert isinstance(root, AtLeast) and root.parts[1].k == 2 and len(root.parts[1].parts) == 3


def test_an_optional_call_with_a_fallback_is_degradable_and_no_failover_means_no_copy():
    root, processes = model(shop(recs=True, failover=False), world_challenge(FAULTS))
    shape = names(root, processes)
    assert shape[1][2] == ["db", ["1:db", "2:zone:eu-a"]]  # the replica cannot take over
    assert shape[1][3] == ["degradable", ["recs", ["0:recs[0]", "2:zone:eu-a"]]]


def test_two_copies_in_one_zone_lose_to_two_zones_by_the_formula():
    c = world_challenge([failures("role:service", "instance", INSTANCE), failures("zone:eu-a", "target", ZONE),
                         failures("zone:eu-b", "target", ZONE)])
    one = Design.model_validate({"name": "one", "entry": "api", "components": [
        {"id": "api", "kind": "service", "instances": 2, "zone": "eu-a"}]})
    two = one.model_copy(update={"components": [one.components[0].model_copy(update={"zone": "eu"})]})
    a_one = A_Z * (1 - (1 - A_I) ** 2)
    a_two = 1 - (1 - A_I * A_Z) ** 2
    assert run(one, c).horizon.analytic == pytest.approx(a_one, abs=1e-9)
    assert run(two, c).horizon.analytic == pytest.approx(a_two, abs=1e-9)


def test_the_run_carries_its_year_and_the_requirement_judges_it():
    c = world_challenge(FAULTS, horizon=None, requirements=[{"kind": "yearly_availability", "at_least": 99.95}])
    r = run(shop(), c)
    assert r.horizon is not None and r.horizon.days == 365
    assert type(r).from_dict(r.to_dict()) == r
    verdict = YearlyAvailabilityRequirement(kind="yearly_availability", at_least=99.95).measure(r, None)
    assert verdict.actual == r.horizon.availability
    assert verdict.passed == (r.horizon.availability >= 0.9995)
    assert verdict.ratio == pytest.approx((1 - r.horizon.availability) / 0.0005)
    assert run(shop(), world_challenge(FAULTS, horizon=None)).horizon is None  # asked for by nothing


def test_zone_failures_in_the_traffic_run_strike_only_the_instances_placed_there():
    c = world_challenge([{"kind": "random_failures", "at_s": 0, "target": "zone:eu-a", "per": "target",
                          "mtbf_s": 0.5, "mttr_s": 0.2}], horizon=None)
    r = run(shop(), c)
    failed = {(e.target, e.detail.get("instance")) for e in r.events if e.kind == "failure"}
    assert failed == {("api", 0), ("db", None)}  # not lb (in each zone), not api[1] nor db-2 (eu-b)


def test_a_horizon_of_failures_seconds_apart_is_refused_with_where():
    from playground.design.load import load_challenge_text
    from playground.design.problems import LoadError

    text = """title: t
story: s
teaches: [t]
difficulty: easy
time_limit_min: 1
traffic: {phases: [{duration_s: 2, rps: 20}], mix: {read: 1}}
faults:
  - {kind: random_failures, at_s: 0, target: role:service, mtbf_s: 60, mttr_s: 5}
requirements:
  - {kind: yearly_availability, at_least: 99.9}
"""
    with pytest.raises(LoadError) as caught:
        load_challenge_text(text, "year.yaml")
    [p] = [p for p in caught.value.problems if p.severity == "error"]
    assert (p.file, p.line, p.path) == ("year.yaml", 8, "faults[0].mtbf_s")
    assert "it would fail 485,169 times over the 365-day horizon" in p.message and "1,577 s" in p.hint
    assert load_challenge_text(text.replace("mtbf_s: 60", "mtbf_s: 86400"), "year.yaml").model.long_horizon().days == 365
