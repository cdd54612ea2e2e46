"""drained: no queued message left waiting or dropped at the end."""

from __future__ import annotations

from playground.requirements.drained import DrainedRequirement
from tests.core.helpers import challenge, design, run, service

REQ = DrainedRequirement(kind="drained")
MAILER = {"id": "mailer", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 100}}


def queued(consumers: int, delivery: str = "at_least_once", error_rate: float = 0.0) -> object:
    return design(
        service(workers=16, mean_ms=1.0, calls=["q"]),
        {"id": "q", "kind": "queue", "consumers": consumers, "delivery": delivery, "calls": ["mailer"],
         "consumer_time": {"distribution": "deterministic", "mean_ms": 1}},
        {**MAILER, "error_rate": error_rate})


def test_consumers_that_keep_up_leave_nothing():
    r = run(queued(8), challenge(20.0, 10.0, mix={"enqueue": 1}))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    assert got.actual == 0 and got.passed


def test_a_consumer_that_cannot_keep_up_leaves_its_backlog():
    # one consumer takes ~101 ms a message: ~10 a second against 50 arriving
    r = run(queued(1), challenge(50.0, 10.0, mix={"enqueue": 1}, client={"timeout_ms": 1000}))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    q = r.components["q"].extra
    assert got.actual == q["backlog"] + q["dropped"] > 0
    assert not got.passed


def test_at_most_once_drops_the_messages_whose_effect_failed():
    r = run(queued(8, "at_most_once", error_rate=0.2), challenge(20.0, 10.0, mix={"enqueue": 1}))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    assert r.components["q"].extra["dropped"] > 0
    assert got.actual == r.components["q"].extra["dropped"] and not got.passed


def test_a_design_with_no_queue_has_nothing_left():
    r = run(design(service(workers=4, mean_ms=1.0)), challenge(20.0, 2.0))
    assert REQ.measure(r, None).passed  # type: ignore[arg-type]
