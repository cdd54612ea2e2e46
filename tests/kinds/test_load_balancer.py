"""The load balancer against first principles: consistent hashing moves only a leaver's share."""

from __future__ import annotations

from math import exp, sqrt

import pytest

from playground.kinds.load_balancer import scatter
from tests.core.helpers import challenge, design, run, service, sim

N = 10  # instances
VNODES = 64  # ring points per instance (Balancer.rebuild)
# One instance's share of a ring of N*VNODES random points is Beta(VNODES, (N-1)*VNODES): mean
# 1/N and this standard deviation. Three of them is the tolerance a fair ring stays within.
ARC_SD = sqrt(VNODES * (N - 1) * VNODES / ((N * VNODES) ** 2 * (N * VNODES + 1)))


def sticky(instances: int = N) -> object:
    return design({"id": "lb", "kind": "load_balancer", "policy": "sticky_session",
                   "health_check_interval_s": 1.0, "calls": ["api"]},
                  service(instances=instances, workers=8, mean_ms=2.0, sessions="memory"), entry="lb")


def homes(balancer: object, target: int, sessions: range) -> list[int]:
    return [balancer.owner(target, scatter(s + 104729)).index for s in sessions]  # type: ignore[attr-defined]


def test_when_one_of_n_instances_leaves_only_its_sessions_move_about_one_in_n():
    s = sim(sticky(), challenge(100.0, 1.0, sessions=10))
    lb, api = s.nodes["lb"], s.nodes["api"]
    sessions = range(20_000)
    before = homes(lb, api.index, sessions)
    moved_shares = []
    for leaver in range(N):
        lb.healthy[api.index][:] = [i for i in api.instances if i.index != leaver]
        lb.rebuild(api.index)
        after = homes(lb, api.index, sessions)
        moved = [s for s, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        # consistent hashing: a session moves only if the leaver was its home
        assert all(before[s] == leaver for s in moved)
        assert len(moved) == before.count(leaver)
        share = len(moved) / len(sessions)
        # the ring's arc spread plus the sampling of 20,000 sessions, three deviations each side
        assert abs(share - 1 / N) < 3 * (ARC_SD + sqrt(0.1 * 0.9 / len(sessions)))
        moved_shares.append(share)
    # each session has one home, so over every possible leaver the moved shares sum to one
    assert abs(sum(moved_shares) - 1.0) < 1e-9


def test_a_crash_loses_about_one_in_n_memory_sessions_not_most():
    sessions, rps, crash_at, duration = 2000, 2000.0, 4.0, 10.0
    crash = run(sticky(), challenge(rps, duration, sessions=sessions,
                                    faults=[{"kind": "crash", "target": "api", "instance": 3, "at_s": crash_at}]))
    lost = crash.anomalies.counts["lost_session"]
    # A session is lost when it was seen before the crash on the crashed instance and is seen
    # again after (at most a 1 s health check later). A ring moves only the crashed instance's
    # 1 in N; a modulo rehash over the nine left moves about 9 in 10.
    seen_before = 1 - exp(-rps * crash_at / sessions)
    seen_after = 1 - exp(-rps * (duration - crash_at - 1.0) / sessions)
    expected = sessions / N * seen_before * seen_after
    assert abs(lost - expected) < 3 * sessions * (ARC_SD + sqrt(0.1 * 0.9 / sessions))


def test_a_crash_is_noticed_after_a_uniform_share_of_the_health_check_interval():
    """Health checks keep their own phase: over many seeds the wait from a crash (at a round
    second) to the check that notices it is uniform over the interval, mean interval/2."""
    interval, crash_at = 2.0, 10.0
    d = design({"id": "lb", "kind": "load_balancer", "health_check_interval_s": interval, "calls": ["api"]},
               service(instances=3, workers=8, mean_ms=2.0), entry="lb")
    c = challenge(5.0, 14.0, faults=[{"kind": "crash", "target": "api", "instance": 0, "at_s": crash_at}])
    delays = []
    for seed in range(1, 401):
        s = sim(d, c, seed=seed)
        s.run(crash_at + interval + 0.1)
        noticed = next(e["at_s"] for e in s.events if e["kind"] == "health_check" and e["removed"] == [0])
        delays.append(noticed - crash_at)
    assert all(0 <= x < interval for x in delays)
    n = len(delays)
    assert sum(delays) / n == pytest.approx(interval / 2, abs=4 * interval / sqrt(12 * n))
    # Kolmogorov-Smirnov against the uniform distribution, at the 0.1 % level (1.95 / sqrt n)
    ks = max(max(abs((i + 1) / n - x / interval), abs(i / n - x / interval)) for i, x in enumerate(sorted(delays)))
    assert ks < 1.95 / sqrt(n)
