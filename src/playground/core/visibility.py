"""What a quorum's reads saw, measured as probabilistically bounded staleness (Bailis et al.,
"Probabilistically Bounded Staleness for Practical Partial Quorums", VLDB 2012) measures it.

t-visibility: of the reads that began t after the key's newest acknowledged write (at the
database: when the read fans out to its copies), the share that returned that version or a
newer one, by t in the staleness curve's quarter-octave bins from 1 ms (playground.core.
staleness). k-staleness: how many versions behind the newest acknowledged one each read was
(0: fresh), so P(within k versions) is a running sum. Reads of a key with no acknowledged write
have no age and are not counted.
"""

from __future__ import annotations

from bisect import bisect_right
from operator import itemgetter
from typing import Any

from playground.core.staleness import BINS, bin_of, upper_ms

K_MAX = 10  # the last k-staleness entry counts reads this many versions behind or more
TIME = itemgetter(0)


class Visibility:
    def __init__(self) -> None:
        self.reads = [0] * BINS
        self.fresh = [0] * BINS
        self.behind = [0] * (K_MAX + 1)

    def add(self, t: float, returned: int, acked: list[tuple[float, int]] | None) -> None:
        """A read that fanned out at t and returned version `returned`; `acked` is its key's
        history of (time, newest version acknowledged by then), oldest first (the ledger's)."""
        if not acked:
            return
        i = bisect_right(acked, t, key=TIME) - 1
        if i < 0:
            return
        newest = acked[i][1]
        while i > 0 and acked[i - 1][1] == newest:  # when the newest version was acknowledged
            i -= 1
        b = bin_of(t - acked[i][0])
        self.reads[b] += 1
        if returned >= newest:
            self.fresh[b] += 1
            self.behind[0] += 1
        else:
            self.behind[min(newest - returned, K_MAX)] += 1

    def results(self) -> dict[str, Any]:
        """The two curves, cut after their last read (nothing when no read was measured)."""
        if not any(self.reads):
            return {}
        last = max(i for i, n in enumerate(self.reads) if n) + 1
        reads, fresh = self.reads[:last], self.fresh[:last]
        k_last = max(i for i, n in enumerate(self.behind) if n) + 1
        return {
            "t_visibility": {"t_ms": [upper_ms(i) for i in range(last)], "reads": reads, "consistent": fresh,
                             "p_consistent": [round(f / n, 6) if n else None for n, f in zip(reads, fresh, strict=True)]},
            "k_staleness": {"versions_behind": list(range(k_last)), "reads": self.behind[:k_last]},
        }
