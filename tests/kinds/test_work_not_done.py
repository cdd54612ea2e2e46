"""Work not done is not success: after the traffic window a run gives queued work the
challenge's grace; a message dropped, or not done by the end, is a lost write or a lost side
effect, with examples."""

from __future__ import annotations

import pytest

from playground.scoring import score
from tests.core.helpers import challenge, design, run, service, sim

MAILER = {"id": "mailer", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 1}}


def queued(consumers: int = 1, consumer_ms: float = 20.0, **queue: object) -> object:
    q = {"id": "q", "kind": "queue", "consumers": consumers, "calls": ["mailer"],
         "consumer_time": {"distribution": "deterministic", "mean_ms": consumer_ms}, **queue}
    return design(service(workers=64, mean_ms=0.1, calls=["q"]), q, MAILER)


def emails(rps: float, seconds: float, grace_s: float, **kw: object) -> object:
    c = challenge(rps, seconds, mix={"enqueue": 1}, client={"timeout_ms": 1000}, **kw)
    return c.model_copy(update={"grace_s": grace_s})


def test_messages_still_waiting_when_the_grace_ends_are_lost_side_effects():
    # one consumer holds each message for its 20 ms and the mailer's 1 ms: 1/0.021 a second;
    # 100 a second arrive for 10 s, so about 520 wait when the traffic stops, and the
    # consumer clears 1/0.021 of them per second of grace
    r = run(queued(), emails(100.0, 10.0, grace_s=2.0))
    q = r.components["q"].extra
    lost = r.anomalies.counts["lost_effect"]
    assert lost == q["accepted"] - q["acked"]  # every message accepted and not done
    assert lost == pytest.approx(r.requests.ok - (10 + 2) / 0.021, abs=2)
    assert r.anomalies.examples["lost_effect"][0].op == "enqueue"
    assert r.anomalies.counts["lost_write"] == 0


def test_a_grace_long_enough_lets_the_backlog_drain():
    r = run(queued(), emails(100.0, 10.0, grace_s=30.0))
    assert r.anomalies.counts["lost_effect"] == 0
    assert r.components["q"].extra["acked"] == r.requests.ok


def test_at_most_once_drops_a_failed_message_and_its_effect_is_lost():
    d = queued(consumers=8, consumer_ms=1.0, delivery="at_most_once")
    d.components[2] = d.components[2].model_copy(update={"error_rate": 0.2})
    r = run(d, emails(100.0, 10.0, grace_s=10.0))
    q = r.components["q"].extra
    assert r.anomalies.counts["lost_effect"] == q["dropped"] > 0
    assert q["dropped"] / q["accepted"] == pytest.approx(0.2, abs=0.03)


def test_a_write_through_a_queue_not_stored_by_the_end_is_a_lost_write():
    q = {"id": "q", "kind": "queue", "consumers": 1, "calls": ["db"],
         "consumer_time": {"distribution": "deterministic", "mean_ms": 20.0}}
    d = design(service(workers=64, mean_ms=0.1, calls=["q"]), q, {"id": "db", "kind": "database"})
    c = challenge(100.0, 10.0, mix={"write": 1}, client={"timeout_ms": 1000}).model_copy(update={"grace_s": 1.0})
    r = run(d, c)
    extra = r.components["q"].extra
    assert r.anomalies.counts["lost_write"] == extra["accepted"] - extra["acked"] > 300
    assert r.anomalies.counts["lost_effect"] == 0


def test_a_design_without_a_queue_ends_when_the_client_is_done():
    # the grace is for deferred work: a run with nothing deferred is no longer than before
    c = challenge(50.0, 5.0, client={"timeout_ms": 1000}).model_copy(update={"grace_s": 600.0})
    s = sim(design(service(workers=8, mean_ms=1.0)), c)
    assert s.end_time == pytest.approx(5.0 + 1.0)


def test_the_card_says_why_effects_were_lost():
    c = emails(100.0, 10.0, grace_s=2.0, requirements=[{"kind": "anomaly", "anomaly": "lost_effect", "max_count": 0}])
    d = queued()
    card = score(d, c, run(d, c))
    (req,) = [r for r in card.requirements if r.anomaly == "lost_effect"]
    assert not req.passed
    why = " ".join(f.message for f in card.findings)
    assert "still waiting 2 s after the traffic ended" in why
