"""`invalidation: on_write` for every store a cache can front, and the race it leaves open."""

from __future__ import annotations

import random
from math import exp, log, sqrt
from statistics import NormalDist

import pytest

from playground.core import simulate
from playground.design.bundled import challenge_files
from playground.design.challenge import Challenge
from playground.design.load import load_challenge, load_design, load_design_text
from tests.core.helpers import challenge, design, run, service, sim

STORES = {
    "database": {"id": "store", "kind": "database", "workers": 64},
    "shard": {"id": "store", "kind": "shard", "partitions": 4, "workers": 16},
    "quorum database": {"id": "store", "kind": "database", "workers": 64, "quorum": {"n": 3, "r": 2, "w": 2}},
}


def fronted(store: dict, invalidation: str) -> object:
    d = design(service(workers=64, mean_ms=0.5, calls=[{"to": "cache", "ops": ["read"]}, {"to": "store", "ops": ["write"]}]),
               {"id": "cache", "kind": "cache", "ttl_s": None, "invalidation": invalidation, "calls": ["store"]},
               store)
    return run(d, challenge(400.0, 20.0, mix={"read": 9, "write": 1}, keys={"count": 50}))


@pytest.mark.parametrize("kind", list(STORES))
def test_on_write_invalidation_works_for_every_store(kind: str):
    ttl, on_write = fronted(STORES[kind], "ttl"), fronted(STORES[kind], "on_write")
    reads = 0.9 * 400 * 20
    # a cache that keeps its entries serves the old version after every write to a key
    assert ttl.anomalies.counts["stale_read"] > 0.3 * reads
    # one told of each commit serves it only in a race (none at all where a read's answer and
    # the invalidation leave the store at the same instant: database and shard in free play)
    assert on_write.components["cache"].extra["invalidations"] > 0
    assert on_write.anomalies.counts["stale_read"] < 0.01 * reads


def test_the_hot_key_solution_serves_fresh_profiles():
    path = next(p for p in challenge_files() if p.stem == "hot-key")
    c = load_challenge(path).model
    d = load_design(path.parent / "solutions" / path.name).model
    r = simulate(d, c)
    reads = sum(r.series.ok) * c.traffic.mix["read"] / sum(c.traffic.mix.values())
    assert r.components["profile-cache"].extra["invalidations"] > 0
    # it served 75 % stale reads when on_write did nothing in front of a shard
    assert r.anomalies.counts["stale_read"] < 0.01 * reads


MEAN_MS, P99_MS = 5.0, 25.0  # the network across zones, one way
WRITES_PER_S = 50.0


def lognormal(mean: float, p99: float) -> tuple[float, float]:
    """mu, sigma of the lognormal with this mean and 99th percentile (solved here, by hand:
    ln mean = mu + s^2/2, ln p99 = mu + z s, so s^2/2 - z s + ln(p99/mean) = 0)."""
    z = NormalDist().inv_cdf(0.99)
    s = z - sqrt(z * z - 2 * log(p99 / mean))
    return log(mean) - s * s / 2, s


def race_per_fill(samples: int = 20_000) -> float:
    """A miss's answer leaves the store at r (the version it read) and fills the cache δb later;
    a write committed at w > r fills it with a stale version iff its invalidation (δi after w)
    arrives first: w + δi < r + δb. Writes are Poisson (rate λ): given δb, the number that win
    is Poisson with mean λ·E[(δb - δi)+], so P(race) = E[1 - exp(-λ·E[(δb - δi)+])]."""
    mu, s = lognormal(MEAN_MS / 1000, P99_MS / 1000)
    rng = random.Random(7)
    inv = sorted(rng.lognormvariate(mu, s) for _ in range(samples))
    total = 0.0
    for _ in range(2000):
        back = rng.lognormvariate(mu, s)
        lead = sum(back - x for x in inv if x < back) / samples
        total += 1 - exp(-WRITES_PER_S * lead)
    return total / 2000


def test_the_stale_refill_race_happens_as_often_as_the_network_allows():
    net = {"distribution": "lognormal", "mean_ms": MEAN_MS, "p99_ms": P99_MS}
    c = Challenge.model_validate({
        "title": "t", "story": "s", "teaches": ["x"], "difficulty": "easy", "time_limit_min": 5, "seed": 5,
        "traffic": {"phases": [{"duration_s": 60, "rps": WRITES_PER_S * 5}], "mix": {"read": 4, "write": 1},
                    "keys": {"count": 1}, "client": {"timeout_ms": 10_000}},
        "world": {"regions": {"eu": ["eu-a", "eu-b"]},
                  "network": {"same_zone": {"distribution": "deterministic", "mean_ms": 0.1}, "cross_zone": net}},
    })
    text = ("name: d\nentry: api\ncomponents:\n"
            "  - {id: api, kind: service, zone: eu-a, size: xlarge, workers: 256, calls: [{to: cache, ops: [read]}, {to: db, ops: [write]}]}\n"
            "  - {id: cache, kind: cache, zone: eu-a, ttl_s: null, invalidation: on_write, calls: [db]}\n"
            "  - {id: db, kind: database, zone: eu-b, size: xlarge, workers: 256}\n")
    r = simulate(load_design_text(text, "d.yaml").model, c)
    cache = r.components["cache"].extra
    fills = cache["misses"]
    expected = race_per_fill()
    assert 0.05 < expected < 0.5  # a race this test can see, and far from every fill
    # four binomial deviations over this many fills
    assert cache["stale_fills"] / fills == pytest.approx(expected, abs=4 * sqrt(expected * (1 - expected) / fills))
    assert r.anomalies.counts["stale_read"] > 0  # a lost race is read until the next write


def test_a_partition_holds_the_invalidations_until_it_heals():
    d = design(service(workers=64, mean_ms=0.5, calls=[{"to": "cache", "ops": ["read"]}, {"to": "store", "ops": ["write"]}]),
               {"id": "cache", "kind": "cache", "ttl_s": None, "invalidation": "on_write", "calls": ["store"]},
               STORES["database"])
    c = challenge(400.0, 20.0, mix={"read": 9, "write": 1}, keys={"count": 50},
                  faults=[{"kind": "partition", "between": ["cache", "store"], "at_s": 5.0, "duration_s": 5.0}])
    s = sim(d, c)
    note = s.nodes["cache"].notices[0]
    s.run(9.0)
    # the writes committed since the cut, their news waiting (fewer than 40 a second: the
    # service's slots fill with reads whose misses are held on the cut link too)
    assert len(note.held) > 20
    s.run()
    assert note.held == []  # delivered when it healed
    r = s.result()
    # meanwhile the cache served what it held, stale once written; nothing stale without the cut
    assert r.anomalies.counts["stale_read"] > 0
    assert fronted(STORES["database"], "on_write").anomalies.counts["stale_read"] == 0
