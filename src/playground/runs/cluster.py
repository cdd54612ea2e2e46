"""Batches on Dask distributed: a LocalCluster of this machine's cores, or a running scheduler.

Each batch is submitted under its content key, so a scheduler that already holds a batch's rows
(a second grade of the same class) hands them back instead of running it again. A worker whose
engine is another version refuses the batch (playground.runs.work.EngineMismatch): a cluster of
mixed installs cannot produce a report that claims one engine.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from distributed import Client, LocalCluster, as_completed

from playground.runs.executors import ExecutorUnavailable, Progress, default_workers
from playground.runs.row import Row
from playground.runs.task import Batch
from playground.runs.work import run_batch


class DaskExecutor:
    """`address` None starts a LocalCluster (one single-threaded worker process per core, its
    HTTP server on a free port so that two clusters on one machine do not collide);
    otherwise the client joins the scheduler at `address`."""

    name = "dask"

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        self.address = address
        self.workers = workers or default_workers()
        self._cluster: LocalCluster | None = None
        self._client: Client | None = None

    def _started(self) -> Client:
        if self._client is not None:
            return self._client
        try:
            if self.address is None:
                logging.getLogger("distributed").setLevel(logging.ERROR)  # its INFO lines are not ours
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                             processes=True, dashboard_address=":0",
                                             silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.address, timeout=10)
                self.workers = max(1, sum(w.get("nthreads", 1) for w in self._workers().values()))
        except OSError as e:
            where = self.address or "a LocalCluster"
            raise ExecutorUnavailable(f"could not reach the Dask scheduler at {where}: {e}") from None
        return self._client

    def _workers(self) -> dict[str, Any]:
        assert self._client is not None
        return self._client.scheduler_info().get("workers", {})

    def run(self, batches: Sequence[Batch], progress: Progress | None = None) -> list[tuple[Row, ...]]:
        client = self._started()
        places: dict[str, list[int]] = {}
        for i, b in enumerate(batches):
            places.setdefault(f"playground-batch-{b.key}", []).append(i)
        futures = [client.submit(run_batch, batches[where[0]], key=key, pure=True)
                   for key, where in places.items()]
        out: list[tuple[Row, ...] | None] = [None] * len(batches)
        try:
            for future in as_completed(futures):
                rows = future.result()
                for i in places[future.key]:
                    out[i] = rows
                    if progress is not None:
                        progress(i, rows)
        finally:
            for f in futures:
                f.release()
        return [rows for rows in out if rows is not None]

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
