"""Outcomes by kind of client, for a challenge with an abusive client: the well-behaved clients'
requests apart from the abuser's, so a requirement can ask that everyone else is served while
the abuser is limited (a global limit that rejects both alike then fails it).

Only a run whose traffic has a `hot_client_share` pays for it: one call per finished request.
"""

from __future__ import annotations

from typing import Any

from playground.core.kernel import CLIENT

ABUSER = 0
"""The abusive client's number (playground.core.traffic draws it first)."""


class ClientTally:
    """Finished and ok requests of the abuser and of everyone else."""

    def __init__(self, then: Any = None):
        self.then = then  # the finished-request observer this one runs before
        self.counts = [[0, 0], [0, 0]]  # [well-behaved, abuser] x [finished, ok]

    def finished(self, t: float, req: list, outcome: int) -> None:
        row = self.counts[req[CLIENT] == ABUSER]
        row[0] += 1
        if not outcome:
            row[1] += 1
        if self.then is not None:
            self.then(t, req, outcome)

    def summary(self) -> dict[str, dict[str, int]]:
        (f, ok), (af, aok) = self.counts
        return {"well_behaved": {"finished": f, "ok": ok}, "abuser": {"finished": af, "ok": aok}}
