"""The CPU budget: measured on what plays the role it aims at, over the run or in the busiest
second, and failed when nothing plays it."""

from __future__ import annotations

from typing import Any

import pytest

from playground.scoring import score
from tests.scoring.runs import challenge, component, design, result

SHOP = design(
    {"id": "api", "kind": "service", "calls": ["db"]},
    {"id": "db", "kind": "database", "read_from": "replicas"},
    {"id": "copy", "kind": "replica", "of": "db"},
)


def cpu(kind: str, mean: float, seconds: list[float]) -> dict[str, Any]:
    out = component(kind, cpu_utilization=mean)
    out["series"]["cpu"] = seconds + [mean] * (10 - len(seconds))
    return out


def budget(components: dict[str, Any], d: Any = SHOP, **req: Any) -> Any:
    ch = challenge({"kind": "cpu", **req})
    card = score(d, ch, result(components=components, anomalies={}))
    (judged,) = [r for r in card.requirements if r.kind == "cpu"]
    return judged


BUSY = {"api": cpu("service", 0.2, []), "db": cpu("database", 0.4, [0.9]), "copy": cpu("replica", 0.7, [0.75])}


def test_the_mean_is_the_runs_cpu_share_and_the_busiest_store_decides() -> None:
    r = budget(BUSY, of="role:store", max=0.6)
    assert r.actual == pytest.approx(0.7) and not r.passed and "copy" in r.detail
    assert budget(BUSY, of="role:primary", max=0.6).passed  # the primary alone: 0.4


def test_peak_is_the_busiest_second() -> None:
    r = budget(BUSY, of="role:primary", max=0.6, over="peak")
    assert r.actual == pytest.approx(0.9) and not r.passed
    assert r.ratio == pytest.approx(0.9 / 0.6)


def test_a_renamed_part_is_still_judged_and_a_missing_one_fails() -> None:
    renamed = design({"id": "api", "kind": "service", "calls": ["prices"]}, {"id": "prices", "kind": "database"})
    r = budget({"api": cpu("service", 0.2, []), "prices": cpu("database", 0.8, [])}, renamed,
               of="role:primary", max=0.6)
    assert r.actual == pytest.approx(0.8) and not r.passed
    alone = design({"id": "api", "kind": "service"})
    r = budget({"api": cpu("service", 0.1, [])}, alone, of="role:primary", max=0.6)
    assert r.actual is None and not r.passed and "plays role:primary" in r.detail


def test_a_run_that_measured_no_cpu_cannot_pass() -> None:
    r = budget({"api": cpu("service", 0.2, []), "db": component("database"), "copy": component("replica")},
               of="role:primary", max=0.6)
    assert r.actual is None and not r.passed


def test_on_the_engine_a_database_at_half_its_cpus_measures_about_half() -> None:
    """200 reads a second of 5 ms each on a small database (2 CPUs): 1 CPU busy, half of them."""
    from playground.core import simulate
    from playground.design.challenge import Challenge

    d = design({"id": "api", "kind": "service", "workers": 32, "calls": ["db"]}, {"id": "db", "kind": "database"})
    raw = challenge({"kind": "cpu", "of": "role:primary", "max": 0.6}).model_dump()
    raw["traffic"] = {"phases": [{"duration_s": 60, "rps": 200}], "mix": {"read": 1}, "client": {"timeout_ms": 5000}}
    raw["world"] = {"work": {"read": 0.5},
                    "machines": {"database": {"every": {"times": {"read_time": {"mean_ms": 5}}}}}}
    c = Challenge.model_validate(raw)
    card = score(d, c, simulate(d, c, 1))
    (r,) = [r for r in card.requirements if r.kind == "cpu"]
    assert r.actual == pytest.approx(0.5, abs=0.05) and r.passed
