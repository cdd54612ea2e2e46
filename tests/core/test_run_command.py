"""`playground run`, and every shipped design under every shipped challenge."""

from __future__ import annotations

import json

import pytest

from playground.cli import main
from playground.core import simulate
from playground.design import bundled
from playground.design.load import check_world, load_challenge, load_design

TOP = ["engine_version", "seed", "duration_s", "requests", "availability", "latency_ms", "components",
       "series", "traces", "events", "anomalies"]


def test_run_json_has_every_documented_key(capsys):
    code = main(["run", str(bundled.challenges_dir() / "starters" / "first-crud.yaml"), "--challenge", "first-crud",
                 "--json", "--requests-limit", "3000", "--seed", "3"])
    data = json.loads(capsys.readouterr().out)
    assert code == (0 if data["passed"] else 1)
    assert list(data)[: len(TOP)] == TOP
    for key in ("scores", "requirements", "passed", "findings", "cost", "digest"):
        assert key in data
    assert data["seed"] == 3
    assert data["requests"]["total"] == 3000
    assert set(data["latency_ms"]["overall"]) == {"count", "mean", "p50", "p95", "p99", "max"}
    assert set(data["latency_ms"]["by_op"]) == {"read", "write"}
    api = data["components"]["api"]
    for key in ("kind", "utilization", "throughput_rps", "queue_length", "errors", "series"):
        assert key in api
    assert set(api["series"]) == {"t", "utilization", "cpu", "throughput", "queue_length", "errors"}  # the world gives CPUs
    assert set(data["series"]) == {"t", "rps", "ok", "errors", "p50_ms", "p99_ms"}
    hop = data["traces"][0]["hops"][0]
    assert set(hop) == {"component", "instance", "start_ms", "wait_ms", "service_ms", "outcome"}


def test_run_summary_and_bad_challenge(capsys):
    design = str(bundled.challenges_dir() / "starters" / "first-crud.yaml")
    assert main(["run", design, "--challenge", "first-crud", "--requests-limit", "1000"]) in (0, 1)
    out = capsys.readouterr().out
    assert "availability" in out and "api" in out and "requirements met" in out
    assert main(["run", design, "--challenge", "first-crudd"]) == 2
    assert "first-crud" in capsys.readouterr().err


@pytest.mark.parametrize("design_path", bundled.design_files(), ids=lambda p: p.stem)
@pytest.mark.parametrize("challenge_path", bundled.challenge_files(), ids=lambda p: p.stem)
def test_every_shipped_design_runs_every_shipped_challenge(design_path, challenge_path):
    design, challenge = load_design(design_path), load_challenge(challenge_path).model
    given = challenge.world.given_ids() if challenge.world is not None else set()
    listed = {f"components[{i}]" for i, c in enumerate(design.model.components) if c.id in given}
    if listed and any(p.severity == "error" and p.path.split(".")[0] in listed for p in check_world(design, challenge)):
        return  # it defines a part the story gives, or more of it than the story leaves it: refused, never run
    r = simulate(design.model, challenge, requests_limit=3000)
    req = r.requests
    assert req.total == 3000
    assert req.ok + req.timeout + req.rejected + req.error == req.total
    assert req.in_flight == 0
