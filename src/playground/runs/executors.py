"""Where batches run: in this process, on a local process pool, or on a Dask cluster.

Every executor takes batches in a given order and hands back their rows in that same order,
whatever order they finish in, so a report does not depend on which executor made it. Each
says how far it got through `progress(batch_index, rows)` as batches finish.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from multiprocessing.context import BaseContext
from typing import Protocol

from playground.runs.row import Row
from playground.runs.task import Batch
from playground.runs.work import run_batch

Progress = Callable[[int, tuple[Row, ...]], None]
"""Called once per finished batch: its index in the list given, and its rows."""


class ExecutorUnavailable(RuntimeError):
    """An executor that cannot be had here; the message says what to install or to check."""


class Executor(Protocol):
    name: str
    workers: int

    def run(self, batches: Sequence[Batch], progress: Progress | None = None) -> list[tuple[Row, ...]]:
        ...

    def close(self) -> None:
        ...


class SerialExecutor:
    """In this process, one batch after another: no start-up at all, one core."""

    name = "serial"
    workers = 1

    def run(self, batches: Sequence[Batch], progress: Progress | None = None) -> list[tuple[Row, ...]]:
        out = []
        for i, batch in enumerate(batches):
            rows = run_batch(batch)
            out.append(rows)
            if progress is not None:
                progress(i, rows)
        return out

    def close(self) -> None:
        pass


def pool_context(method: str | None = None) -> BaseContext:
    """The start method, chosen here rather than left to Python's default (which is fork, then
    forkserver from 3.14, and spawn on macOS and Windows). On Linux a process with no other
    thread forks: its workers start with the engine already imported, in milliseconds. With
    other threads about (the app's), fork is unsafe, so the workers come from a fork server
    that imported the engine once; where neither exists, they are spawned."""
    if method is None:
        methods = multiprocessing.get_all_start_methods()
        if sys.platform.startswith("linux") and threading.active_count() == 1:
            method = "fork"
        else:
            method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["playground.runs.work"])
    return context


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class PoolExecutor:
    """A local process pool: one worker per core by default, started on first use and kept
    for the executor's life (a search runs many rounds on it)."""

    name = "pool"

    def __init__(self, workers: int | None = None, method: str | None = None) -> None:
        self.workers = workers or default_workers()
        self.method = method
        self._pool: ProcessPoolExecutor | None = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=pool_context(self.method))
        return self._pool

    def run(self, batches: Sequence[Batch], progress: Progress | None = None) -> list[tuple[Row, ...]]:
        pool = self._started()
        futures: dict[Future[tuple[Row, ...]], int] = {pool.submit(run_batch, b): i
                                                       for i, b in enumerate(batches)}
        out: list[tuple[Row, ...] | None] = [None] * len(batches)
        try:
            for future in as_completed(futures):
                i = futures[future]
                out[i] = future.result()
                if progress is not None:
                    progress(i, out[i])  # type: ignore[arg-type]
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return [rows for rows in out if rows is not None]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


DASK_HINT = "install it with: pip install 'playground[dask]'  (or: pip install 'dask[distributed]')"


def executor_for(spec: str | None, workers: int | None = None) -> Executor:
    """`serial`, `pool` (the default), `dask` (a LocalCluster on this machine), or a scheduler's
    address (`tcp://host:8786`) to join."""
    spec = (spec or "pool").strip()
    if spec == "serial":
        return SerialExecutor()
    if spec == "pool":
        return PoolExecutor(workers)
    if spec == "dask" or "://" in spec:
        try:
            from playground.runs.cluster import DaskExecutor
        except ImportError:
            raise ExecutorUnavailable(f"--executor {spec} needs Dask distributed, which is not "
                                      f"installed; {DASK_HINT}") from None
        return DaskExecutor(None if spec == "dask" else spec, workers)
    raise ExecutorUnavailable(f"no executor {spec!r}: use serial, pool, dask or a scheduler "
                              "address such as tcp://host:8786")
