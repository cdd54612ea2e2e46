"""Fixtures for the app's tests: a private home directory, and a small stand-in for the engine and
the scoring that speaks their documented API (`Simulation.now/.end_time/.run(until=)/.result()`,
`score(...).to_dict()`), so the run and results flows are exercised end to end."""

from __future__ import annotations

import asyncio
import inspect
import time
from pathlib import Path
from typing import Any

import pytest

from playground.tui import runner

ROOT = Path(__file__).resolve().parents[2]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
        return True
    return None


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("PLAYGROUND_HOME", str(home))
    return home


class FakeResult:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


def fake_result(design: Any, duration: float) -> dict[str, Any]:
    """A run of `duration` seconds where the first component called by the entry is saturated."""
    ids = design.ids
    hot = next((c.calls[0].to for c in design.components if c.id == design.entry and c.calls), ids[-1])
    t = [float(i) for i in range(int(duration) + 1)]
    comps = {
        cid: {
            "kind": design.component(cid).kind,
            "utilization": 0.97 if cid == hot else 0.25,
            "throughput_rps": 100.0,
            "queue_length": 12.0 if cid == hot else 0.1,
            "errors": 0,
            "series": {"t": t, "utilization": [0.5] * len(t), "throughput": [100.0] * len(t),
                       "queue_length": [0.0] * len(t), "errors": [0] * len(t)},
        }
        for cid in ids
    }
    traces = [
        {"id": i, "op": "read", "start_ms": 1000.0 * i, "latency_ms": 10.0 * (i + 1), "outcome": "ok",
         "hops": [{"component": cid, "start_ms": 1000.0 * i + k, "wait_ms": 2.0 * i, "service_ms": 3.0,
                   "outcome": "ok"} for k, cid in enumerate(ids)]}
        for i in range(8)
    ]
    return {
        "requests": {"total": 6000, "ok": 5990, "timeout": 10, "rejected": 0, "error": 0},
        "latency_ms": {"overall": {"count": 5990, "mean": 12.0, "p50": 8.0, "p95": 40.0, "p99": 180.0, "max": 900.0},
                       "by_op": {}},
        "availability": 5990 / 6000,
        "components": comps,
        "series": {"t": t, "rps": [100.0] * len(t), "ok": [99.0] * len(t), "errors": [1.0] * len(t),
                   "p50_ms": [8.0] * len(t), "p99_ms": [20.0 + i for i in range(len(t))]},
        "traces": traces,
        "events": [{"at_s": duration / 2, "kind": "crash", "target": ids[0]}],
        "anomalies": {"counts": {"stale_read": 0}, "by_op": {"read": {"stale_read": 0}},
                      "rates": {"read": {"stale_read": 0.0}}, "examples": {}},
    }


class FakeSimulation:
    delay_s = 0.0  # per slice, to test cancelling

    def __init__(self, design: Any, challenge: Any, seed: int | None) -> None:
        self.design, self.challenge, self.seed = design, challenge, seed
        self.now = 0.0
        self.end_time = challenge.traffic.duration_s

    def run(self, until: float) -> None:
        if self.delay_s:
            time.sleep(self.delay_s)
        self.now = until

    def result(self) -> FakeResult:
        return FakeResult(fake_result(self.design, self.end_time))


def fake_card(design: Any, challenge: Any, result: Any) -> dict[str, Any]:
    return {
        "scores": {"consistency": 100.0, "latency": 40.0, "availability": 90.0, "cost": 85.0, "overall": 72.0},
        "weights": {"consistency": 1.0, "latency": 2.0, "availability": 1.0, "cost": 1.0},
        "requirements": [
            {"name": r.name or r.kind, "kind": r.kind, "target": 100, "actual": 180.0, "unit": "ms",
             "passed": False, "score": 40.0, "detail": ""}
            for r in challenge.requirements
        ],
        "passed": False,
        "findings": [{"component": "api", "message": "api is at 97 % utilization: requests queue for a worker",
                      "categories": ["latency"], "points": 28.0, "evidence": {}}],
        "cost": {"monthly_usd": 310.0, "by_component": {"api": 120.0, "db": 190.0}, "breakdown": [],
                 "unpriced": []},
        "seed": challenge.seed, "engine_version": "fake", "digest": "0123456789ab",
        "design_name": design.name, "challenge_title": challenge.title,
    }


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> type[FakeSimulation]:
    class Sim(FakeSimulation):
        pass

    monkeypatch.setattr(runner, "simulation", Sim)
    monkeypatch.setattr(runner, "score", fake_card)
    return Sim
