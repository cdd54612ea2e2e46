"""A challenge that owns its world: its physics are its own, its given parts are called, never
redefined, and a design's fields that are physics are refused where they are written."""

from __future__ import annotations

import pytest

from playground.core import simulate
from playground.design.challenge import Challenge
from playground.design.load import check_world, load_design_text
from playground.design.problems import LoadError

WORLD = {
    "regions": {"eu": ["eu-a", "eu-b"], "us": ["us-a"]},
    "network": {"same_zone": {"distribution": "deterministic", "mean_ms": 0.1},
                "cross_zone": {"distribution": "deterministic", "mean_ms": 0.5},
                "cross_region": {"distribution": "deterministic", "mean_ms": 40.0}},
    "work": {"read": {"distribution": "deterministic", "mean_ms": 2.0}},
    "given": [{"id": "payments", "kind": "external", "zone": "eu-a",
               "latency": {"distribution": "deterministic", "mean_ms": 30.0}}],
}


def challenge(world=WORLD, rps=50.0, duration=20.0, **more) -> Challenge:
    return Challenge.model_validate({
        "title": "t", "story": "s", "teaches": ["x"], "difficulty": "easy", "time_limit_min": 5, "seed": 3,
        "traffic": {"phases": [{"duration_s": duration, "rps": rps}], "client": {"timeout_ms": 10_000}},
        "world": world, **more,
    })


def problems(text: str, c: Challenge | None = None) -> list[str]:
    c = c or challenge()
    design = load_design_text(text, "d.yaml", frozenset(c.world.given_ids()))
    return [f"{p.line}:{p.path}: {p.message} ({p.hint})" for p in check_world(design, c)]


def test_a_design_may_not_set_physics_and_is_told_what_to_choose_instead():
    found = problems("name: d\nentry: api\ncomponents:\n"
                     "  - {id: api, kind: service, service_time: 1, calls: [db]}\n"
                     "  - {id: db, kind: database, read_time: 0.01, vcpus: 64}\n")
    assert any(f.startswith("4:components[0].service_time: service_time is the world's") and "world.work" in f
               for f in found)
    assert any(f.startswith("5:components[1].read_time:") and "choose its size" in f for f in found)
    assert any(f.startswith("5:components[1].vcpus:") for f in found)


def test_a_given_part_is_called_not_defined_nor_replaced_by_an_invented_one():
    calls_it = "name: d\nentry: api\ncomponents:\n  - {id: api, kind: service, calls: [payments]}\n"
    assert problems(calls_it) == []
    with pytest.raises(LoadError, match="no component is called 'payments'"):
        load_design_text(calls_it)  # without the challenge, nobody gives it
    defines = calls_it + "  - {id: payments, kind: external, latency: 1}\n"
    assert any("a part the challenge gives: call it, do not define it" in f for f in problems(defines))
    invents = calls_it.replace("payments", "payments2") + "  - {id: payments2, kind: external}\n"
    found = problems(invents)
    assert any("is the story's, not the design's" in f and "payments" in f for f in found)


def test_zones_are_the_worlds_and_slots_are_what_the_size_holds():
    found = problems("name: d\nentry: api\ncomponents:\n"
                     "  - {id: api, kind: service, zone: eu-c, workers: 500}\n")
    assert any("the world has no zone 'eu-c'" in f and "did you mean eu-b" in f for f in found)
    assert any("a small service machine holds 32 worker slots, not 500" in f for f in found)


def test_a_failover_cannot_detect_faster_than_the_world_allows():
    found = problems("name: d\nentry: db\ncomponents:\n"
                     "  - {id: db, kind: database, failover: {detection_s: 0.001}}\n"
                     "  - {id: r, kind: replica, of: db}\n")
    assert any("cannot tell a dead primary in less than 10 s" in f for f in found)


def test_free_play_lets_a_design_set_any_value():
    free = Challenge.model_validate({**challenge().model_dump(), "world": None})
    design = load_design_text("name: d\nentry: api\ncomponents:\n  - {id: api, kind: service, service_time: 0.001}\n")
    assert check_world(design, free) == []


def run(text: str, c: Challenge):
    design = load_design_text(text, "d.yaml", frozenset(c.world.given_ids())).model
    return simulate(design, c)


def test_the_worlds_work_and_network_are_what_a_run_pays():
    """A service in eu-a calls the given payments part in eu-a: each request is the service's
    2 ms of work, a same-zone round trip to payments (0.2 ms) and payments' own 30 ms."""
    r = run("name: d\nentry: api\ncomponents:\n  - {id: api, kind: service, zone: eu-a, calls: [payments]}\n",
            challenge())
    assert r.latency_ms.overall.mean == pytest.approx(2.0 + 0.2 + 30.0, abs=0.05)
    assert "payments" in r.components  # the given part is part of the system


def test_a_call_across_regions_pays_a_round_trip():
    far = run("name: d\nentry: api\ncomponents:\n"
              "  - {id: api, kind: service, zone: eu-a, workers: 32, calls: [db]}\n  - {id: db, kind: database, zone: us-a}\n",
              challenge())
    near = run("name: d\nentry: api\ncomponents:\n"
               "  - {id: api, kind: service, zone: eu-a, workers: 32, calls: [db]}\n  - {id: db, kind: database, zone: eu-b}\n",
               challenge())
    assert far.latency_ms.overall.mean - near.latency_ms.overall.mean == pytest.approx(2 * (40.0 - 0.5), abs=0.5)


def test_a_service_in_a_world_has_its_sizes_cpus_whatever_slots_it_asks_for():
    """A small service has 2 CPUs in the catalog: at 2 ms of work a request it answers at most
    1,000 a second, with 8 slots or 32."""
    for workers in (8, 32):
        r = run(f"name: d\nentry: api\ncomponents:\n  - {{id: api, kind: service, workers: {workers}, "
                f"queue_limit: 100000}}\n", challenge(rps=1500.0, duration=10.0))
        answered = sum(r.components["api"].series.throughput[3:10]) / 7
        assert answered == pytest.approx(1000.0, rel=0.03)


SIZED = {**WORLD,
         "given": [{"id": "index", "kind": "database", "zone": "eu-a", "workers": 1}],
         "chosen": {"index": ["workers", "size"]},
         "machines": {"database": {"every": {"times": {"read_time": {"distribution": "deterministic", "mean_ms": 10.0}}}}}}
CALLS_INDEX = "name: d\nentry: api\ncomponents:\n  - {id: api, kind: service, zone: eu-a, workers: 32, calls: [index]}\n"


def test_a_design_chooses_only_the_fields_of_a_given_part_the_world_leaves_it():
    c = challenge(SIZED)
    assert problems(CALLS_INDEX, c) == []  # not listed: the story's own part as it is
    assert problems(CALLS_INDEX + "  - {id: index, kind: database, size: medium, workers: 16}\n", c) == []
    found = problems(CALLS_INDEX + "  - {id: index, kind: database, workers: 16, replication: sync, zone: eu-b}\n", c)
    assert [f.split(":")[1] for f in found] == ["components[1].replication", "components[1].zone"]
    assert all("the story's: the design chooses only workers, size" in f for f in found)
    assert problems(CALLS_INDEX + "  - {id: index, kind: database, workers: 16, zone: eu-a}\n", c) == []  # restated
    # a default the story left to the world is no value of its: the catalog's 2 ms is not the world's 10 ms
    assert any("read_time of 'index' is the story's" in f for f in problems(
        CALLS_INDEX + "  - {id: index, kind: database, read_time: {distribution: exponential, mean_ms: 2}}\n", c))
    assert any("is a database the challenge gives" in f
               for f in problems(CALLS_INDEX + "  - {id: index, kind: cache}\n", c))
    assert any("a small database machine holds" in f
               for f in problems(CALLS_INDEX + "  - {id: index, kind: database, workers: 5000}\n", c))
    moves = challenge({**SIZED, "chosen": {"index": ["zone", "workers"]}})
    assert problems(CALLS_INDEX + "  - {id: index, kind: database, zone: eu-b}\n", moves) == []
    assert any("is in the region 'eu': the design chooses only its zone there" in f
               for f in problems(CALLS_INDEX + "  - {id: index, kind: database, zone: us-a}\n", moves))
    for wrong in ({"index": ["read_time"]}, {"index": ["calls"]}, {"nothing": ["workers"]}):
        with pytest.raises(ValueError, match="chosen"):
            challenge({**SIZED, "chosen": wrong})


def test_a_sized_given_part_runs_with_the_designs_slots_and_the_worlds_physics():
    """The given index has one slot and 10 ms reads (the world's machine row: the story wrote
    no read time). 80 reads a second on one slot is M/D/1 at rho = 0.8, whose mean wait is
    rho / (2 mu (1 - rho)) = 20 ms (Kleinrock, Queueing Systems I, 5.71, Pollaczek-Khinchine);
    with the 16 slots and the xlarge machine (16 CPUs: the catalog's, as the story wrote none) the
    design chose, reads almost never wait: 2 ms of work, 0.2 ms of network, 10 ms."""
    c = challenge(SIZED, rps=80.0, duration=60.0)
    story = run(CALLS_INDEX, c)
    chosen = run(CALLS_INDEX + "  - {id: index, kind: database, size: xlarge, workers: 16}\n", c)
    assert chosen.latency_ms.overall.mean == pytest.approx(2.0 + 0.2 + 10.0, abs=0.1)
    # the mean wait of about 4,800 reads: M/D/1's waits have a standard deviation of ~30 ms here,
    # so ~0.4 ms of standard error; 3 ms is seven of them, and the Poisson arrivals' own spread
    assert story.latency_ms.overall.mean - chosen.latency_ms.overall.mean == pytest.approx(20.0, abs=3.0)
    assert c.assemble(load_design_text(CALLS_INDEX + "  - {id: index, kind: database, workers: 16}\n", "d.yaml",
                                       frozenset({"index"})).model).component("index").zone == "eu-a"


def test_a_machine_row_for_a_role_is_every_kind_that_plays_it_and_a_kinds_own_row_goes_over_it():
    """A query takes what the story says on whatever store holds it: a `store` row times a
    shard's and a replica's reads as a database's, unless the kind's own row says otherwise."""
    rows = {"store": {"every": {"times": {"read_time": {"distribution": "deterministic", "mean_ms": 9.0}}}},
            "replica": {"every": {"times": {"read_time": {"distribution": "deterministic", "mean_ms": 4.0}}}}}
    world = challenge({**WORLD, "machines": rows}).world
    from playground.kinds.database import Database
    from playground.kinds.replica import Replica
    from playground.kinds.shard import Shard
    for comp, ms in ((Database(id="d", kind="database"), 9.0), (Shard(id="s", kind="shard"), 9.0),
                     (Replica(id="r", kind="replica", of="d"), 4.0)):
        assert world.machine(comp).times["read_time"].mean_ms == ms
        assert world.machine(comp).vcpus == 2  # the catalog's, for a small machine: the row names none
    with pytest.raises(ValueError, match="no kind or role called stores"):
        challenge({**WORLD, "machines": {"stores": rows["store"]}})
