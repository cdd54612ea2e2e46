"""The queue against a broker's arithmetic: how often a message is delivered again."""

from __future__ import annotations

from math import exp, sqrt

import pytest

from tests.core.helpers import challenge, design, run, service

MEAN_S, CONSUME_S = 0.1, 0.001  # the third party's exponential latency; the consumer's own work


def at_least_once(visibility_s: float) -> object:
    d = design(service(workers=64, mean_ms=1.0, calls=["jobs"]),
               {"id": "jobs", "kind": "queue", "consumers": 256, "visibility_timeout_s": visibility_s,
                "consumer_time": {"distribution": "deterministic", "mean_ms": CONSUME_S * 1000},
                "calls": ["mail"]},
               {"id": "mail", "kind": "external",
                "latency": {"distribution": "exponential", "mean_ms": MEAN_S * 1000}})
    return run(d, challenge(50.0, 60.0, mix={"enqueue": 1}))


def broker_duplicates(v: float) -> tuple[float, float]:
    """Mean and variance of a message's extra deliveries on a broker whose visibility timer runs
    from each delivery and whose ack deletes the message. Delivery j comes at (j-1)·V (idle
    consumers take it at once) and is acknowledged S_j = C + Exp(mean) later, its email sent
    just before. A (k+1)-th delivery happens iff none of the first k was acknowledged by k·V:
    P = prod_j P(S_j > (k-j+1)V) = exp(-(V·k(k+1)/2 - k·C) / mean). Each delivery sends the email."""
    tail = [exp(-(v * k * (k + 1) / 2 - k * CONSUME_S) / MEAN_S) for k in range(1, 60)]
    mean = sum(tail)
    square = sum((2 * k - 1) * p for k, p in enumerate(tail, start=1))  # E[D^2] = sum (2k-1) P(D>=k)
    return mean, square - mean * mean


@pytest.mark.parametrize("visibility_s", [0.03, 0.05, 0.1])
def test_redeliveries_per_message_are_a_brokers(visibility_s: float):
    r = at_least_once(visibility_s)
    messages = r.components["jobs"].extra["accepted"]
    duplicates = r.anomalies.counts["duplicate_side_effect"]
    assert r.components["jobs"].extra["redelivered"] == duplicates  # every delivery sends one email
    mean, variance = broker_duplicates(visibility_s)
    # four standard errors of a mean over this many messages
    assert duplicates / messages == pytest.approx(mean, abs=4 * sqrt(variance / messages))
    # a timer per copy that an ack of another copy does not stop gives q/(1-q) instead
    q = exp(-(visibility_s - CONSUME_S) / MEAN_S)
    assert abs(duplicates / messages - q / (1 - q)) > 4 * sqrt(variance / messages)


def test_a_copy_waiting_behind_a_backlog_is_gone_once_the_message_is_acknowledged():
    """Four consumers each take about 0.1 s a message: 200 messages a second for 5 s queue up
    for seconds. A message not acknowledged within the timeout becomes visible again at the back
    of that backlog, and the broker deletes it when the first delivery is acknowledged, before
    the copy's turn comes: a copy is delivered only if S > V + W, its wait W at least 0.6 s
    (30 messages ahead at 40 a second), P < exp(-(0.15 + 0.6) / 0.1) = 0.0006 a message."""
    d = design(service(workers=64, mean_ms=1.0, calls=["jobs"]),
               {"id": "jobs", "kind": "queue", "consumers": 4, "visibility_timeout_s": 0.15,
                "consumer_time": {"distribution": "deterministic", "mean_ms": CONSUME_S * 1000},
                "calls": ["mail"]},
               {"id": "mail", "kind": "external",
                "latency": {"distribution": "exponential", "mean_ms": MEAN_S * 1000}})
    r = run(d, challenge(200.0, 5.0, mix={"enqueue": 1}))
    jobs = r.components["jobs"].extra
    assert jobs["backlog"] == 0 and jobs["accepted"] == pytest.approx(1000, rel=0.1)
    # each message's first delivery waits, too, but its timer starts only when it is delivered
    assert r.anomalies.counts["duplicate_side_effect"] <= 3
    assert jobs["redelivered"] > 100  # copies made visible again, most never delivered
