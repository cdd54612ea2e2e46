"""A family of systems of one shape at any rate: many API instances behind a round-robin
balancer, a TTL cache in front of a sharded store. Every size has the same load on each
instance, partition, key and session, so the exact engine at a small size and the fast mode at
any size should agree (tests/fast/test_against_exact.py; benchmarks/fast.py --compare)."""

from __future__ import annotations

from playground.design.challenge import Challenge
from playground.design.model import Design

PER_INSTANCE_RPS = 250
PER_PARTITION_RPS = 500


def design(rps: float) -> Design:
    instances = round(rps / PER_INSTANCE_RPS)
    return Design.model_validate({
        "name": f"family-{rps:g}", "entry": "lb",
        "components": [
            {"id": "lb", "kind": "load_balancer", "policy": "round_robin", "calls": ["api"]},
            {"id": "api", "kind": "service", "instances": instances, "workers": 2, "queue_limit": 50,
             "service_time": {"distribution": "exponential", "mean_ms": 3.0},
             "calls": [{"to": "cache", "ops": ["read"]}, {"to": "store", "ops": ["write"]}]},
            {"id": "cache", "kind": "cache", "capacity_items": round(rps * 10 / 4), "ttl_s": 5,
             "calls": ["store"]},
            {"id": "store", "kind": "shard", "partitions": round(rps / PER_PARTITION_RPS), "workers": 2,
             "read_time": {"distribution": "exponential", "mean_ms": 1.5},
             "write_time": {"distribution": "exponential", "mean_ms": 2.0}},
        ],
    })


def challenge(rps: float, duration_s: float = 20.0, seed: int = 11) -> Challenge:
    return Challenge.model_validate({
        "title": f"family at {rps:g} requests a second", "story": "steady traffic", "teaches": ["scale"],
        "difficulty": "easy", "time_limit_min": 1, "seed": seed,
        "traffic": {"phases": [{"duration_s": duration_s, "rps": rps}],
                    "mix": {"read": 0.8, "write": 0.2}, "keys": {"count": round(rps * 10)},
                    "sessions": round(rps), "client": {"timeout_ms": 500, "retries": 0}},
        "measure": {"warmup_s": 2},
        "requirements": [{"kind": "latency", "percentile": 99, "max_ms": 100},
                         {"kind": "availability", "min": 0.99}],
    })
