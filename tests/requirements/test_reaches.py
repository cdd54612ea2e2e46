"""reaches: a part is called for the ok requests of an operation."""

from __future__ import annotations

from playground.requirements.reaches import ReachesRequirement
from tests.core.helpers import challenge, design, run, service

DEP = {"id": "dep", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 2}}
REQ = ReachesRequirement(kind="reaches", part="dep", op="read", min=1.0)
ASKS = [{"kind": "reaches", "part": "dep", "op": "read"}]  # a run counts the calls it judges


def test_a_run_counts_a_parts_calls_only_when_a_requirement_asks():
    d = design(service(workers=16, mean_ms=1.0, calls=["dep"]), DEP)
    assert "calls_by_op" not in run(d, challenge(100.0, 2.0)).components["dep"].extra
    assert "calls_by_op" in run(d, challenge(100.0, 2.0, requirements=ASKS)).components["dep"].extra
    got = REQ.measure(run(d, challenge(100.0, 2.0)), None)  # type: ignore[arg-type]
    assert got.actual is None and not got.passed


def test_each_ok_read_calling_the_part_once_is_a_share_of_one():
    r = run(design(service(workers=16, mean_ms=1.0, calls=["dep"]), DEP), challenge(100.0, 5.0, requirements=ASKS))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    assert r.components["dep"].calls == r.requests.ok
    assert r.components["dep"].extra["calls_by_op"] == {"read": r.requests.ok}
    assert got.actual == 1.0 and got.passed


def test_calls_for_another_operation_do_not_count():
    d = design(service(workers=16, mean_ms=1.0, calls=[{"to": "dep", "ops": ["write"]}]), DEP)
    r = run(d, challenge(100.0, 10.0, mix={"read": 0.5, "write": 0.5},
                          requirements=[*ASKS, {"kind": "reaches", "part": "dep", "op": "write"}]))
    half = ReachesRequirement(kind="reaches", part="dep", op="write", min=0.9)
    assert half.measure(r, None).actual == 1.0  # type: ignore[arg-type]
    reads = REQ.measure(r, None)  # type: ignore[arg-type]
    ok_reads = r.latency_ms.by_op["read"].outcomes["ok"]  # type: ignore[index]
    assert ok_reads > 400 and r.components["dep"].calls > 400  # the part is busy, with writes
    assert reads.actual == 0.0 and not reads.passed


def test_a_part_never_called_fails_and_a_missing_operation_cannot_be_judged():
    r = run(design(service(workers=16, mean_ms=1.0), DEP), challenge(100.0, 5.0, requirements=ASKS))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    assert got.actual == 0.0 and not got.passed and got.score == 0.0
    other = ReachesRequirement(kind="reaches", part="dep", op="charge").measure(r, None)  # type: ignore[arg-type]
    assert other.actual is None and not other.passed


def test_a_database_counts_the_reads_its_replicas_answer_as_its_own():
    """A read a replica answers reached the part's data: every ok read counts once, whichever
    copy served it, and the replica does not report the calls again."""
    db = {"id": "dep", "kind": "database", "workers": 16, "read_from": "replicas"}
    copy = {"id": "copy", "kind": "replica", "of": "dep", "workers": 16}
    r = run(design(service(workers=16, mean_ms=1.0, calls=["dep"]), db, copy), challenge(100.0, 5.0, requirements=ASKS))
    assert r.components["dep"].extra["reads_to_replicas"] == r.requests.ok
    assert r.components["dep"].extra["calls_by_op"] == {"read": r.requests.ok}
    assert "calls_by_op" not in r.components["copy"].extra
    assert REQ.measure(r, None).passed  # type: ignore[arg-type]
