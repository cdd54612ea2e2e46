"""Degraded answers: reads a fallback answered without an optional call that failed.

They are neither ok nor failed: the run counts them per operation, availability counts them
as failed unless a requirement accepts them, and the ledger never judges one as a read of data
(a default is not a version of anything). Only a design with a fallback pays for counting them.
"""

from __future__ import annotations

from typing import Any

from playground.core.kernel import DEGRADED, OP, OPS


class Degraded:
    def __init__(self) -> None:
        self.by_op = [0] * len(OPS)

    def watcher(self, inner: Any) -> Any:
        """What the client calls when a request finishes: count a degraded answer (and keep it
        from `inner`, the ledger's judge), pass every other on to `inner`."""
        by_op = self.by_op

        def finished(t: float, req: list, outcome: int) -> None:
            if not outcome and req[DEGRADED]:
                by_op[req[OP]] += 1
            elif inner is not None:
                inner(t, req, outcome)

        return finished
