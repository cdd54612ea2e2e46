"""Every executor, in any order, gives the same rows and the same reports, byte for byte."""

from __future__ import annotations

import pytest

from playground.core import ENGINE_VERSION
from playground.runs.executors import (
    ExecutorUnavailable,
    PoolExecutor,
    SerialExecutor,
    executor_for,
)
from playground.runs.gradescope import results_json
from playground.runs.junit import junit_xml
from playground.runs.plan import grade_all, plan
from playground.runs.report import Graded, json_report
from playground.runs.work import EngineMismatch, run_batch

from .helpers import REQUESTS, class_of_four


def reports(executor) -> tuple[str, str, str]:
    entries = class_of_four()
    seen: list[tuple[int, int]] = []
    grades = grade_all(entries, executor, lambda done, total: seen.append((done, total)), requests_limit=REQUESTS)
    assert seen[0] == (0, 20) and seen[-1] == (20, 20)
    graded = [Graded(e.submission, e.challenge_id, e.challenge.title, g) for e, g in zip(entries, grades, strict=True)]
    return (json_report(graded, ENGINE_VERSION), junit_xml(graded, ENGINE_VERSION),
            results_json(graded, ENGINE_VERSION))


@pytest.fixture(scope="module")
def serial_reports() -> tuple[str, str, str]:
    return reports(SerialExecutor())


def test_the_serial_reports_grade_what_the_designs_are(serial_reports):
    report = serial_reports[0]
    assert '"passed": 2' in report and '"failed": 2' in report


@pytest.mark.parametrize("method", [None, "spawn", "forkserver"])
def test_a_process_pool_gives_the_serial_reports_byte_for_byte(serial_reports, method):
    """Under every start method: the tasks are plain data and a top-level function."""
    pool = PoolExecutor(2, method=method)
    try:
        assert reports(pool) == serial_reports
    finally:
        pool.close()


@pytest.mark.slow
def test_a_dask_local_cluster_gives_the_serial_reports_byte_for_byte(serial_reports):
    pytest.importorskip("distributed")
    dask = executor_for("dask", 2)
    try:
        assert reports(dask) == serial_reports
        address = dask._cluster.scheduler_address  # type: ignore[attr-defined]
        joined = executor_for(address)  # a client of the running scheduler, as tcp://host:8786 is
        try:
            assert reports(joined) == serial_reports
            assert joined.workers == 2
        finally:
            joined.close()
    finally:
        dask.close()


@pytest.mark.slow
def test_run_on_dask_prints_what_run_serially_prints(capsys):
    pytest.importorskip("distributed")
    from playground.cli import main
    from playground.design import bundled

    design = str(bundled.challenges_dir() / "solutions/slow-side-effects.yaml")
    outputs = []
    for where in ("serial", "dask"):
        assert main(["run", design, "-c", "slow-side-effects", "--json", "--executor", where, "--workers", "2"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


def test_rows_come_back_in_the_order_given_whatever_order_they_finish_in():
    entries = class_of_four()
    batches = [b for _, b in plan(entries, 1, requests_limit=REQUESTS)]
    serial = SerialExecutor().run(batches)
    pool = PoolExecutor(2)
    try:
        backwards = pool.run(batches[::-1])
    finally:
        pool.close()
    assert backwards[::-1] == serial


def test_one_design_is_cut_into_seeds_to_use_every_worker_and_many_are_not():
    entries = class_of_four()
    assert [len(b.seed_indices) for _, b in plan(entries[:1], 2)] == [1, 1, 1, 1, 1]
    assert [len(b.seed_indices) for _, b in plan(entries, 2)] == [5, 5, 5, 5]


def test_a_worker_of_another_engine_refuses_the_batch():
    batch = class_of_four()[0].batch(requests_limit=REQUESTS)
    from dataclasses import replace

    with pytest.raises(EngineMismatch, match="engine"):
        run_batch(replace(batch, engine_version="0.1"))


def test_an_unknown_executor_says_what_there_is(monkeypatch):
    with pytest.raises(ExecutorUnavailable, match="serial, pool, dask"):
        executor_for("threads")


def test_without_dask_the_dask_executor_says_how_to_install_it(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real(name, *args, **kwargs)

    import sys

    monkeypatch.delitem(sys.modules, "playground.runs.cluster", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(ExecutorUnavailable, match=r"pip install 'playground\[dask\]'"):
        executor_for("tcp://127.0.0.1:8786")
