"""The data's ground truth and the anomalies found against it.

Every key carries a version; a write creates a new one when it commits and it counts as
acknowledged when the store answers it. The ledger remembers, per key, the last few
acknowledged versions with their times, and per session what it wrote and saw, so a finished
read can be judged: stale (older than the latest write acknowledged before the read began),
a broken read-your-writes promise (older than the session's own acknowledged write), a
non-monotonic read (older than what the session already saw). Stores, services and queues
report the rest: lost writes, duplicate side effects, oversells, lost updates, lost sessions, and
work accepted and never done (a message dropped, or still waiting when the run's grace is over).

Memory is bounded by keys and sessions (a few entries each), never by requests: side-effect
bookkeeping is forgotten after a horizon longer than any retry or redelivery can reach.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from operator import itemgetter
from typing import Any

from playground.core.kernel import EFFECTS, OPS, READ, SESSION, TA, VSEEN
from playground.core.staleness import StalenessByAge
from playground.core.traces import snapshot

PRUNE_AT = 16  # a history is pruned of what no read can be judged against once it is this long
SESSION_KEYS = 16  # keys remembered per session
EXAMPLES = 3  # example requests kept per anomaly
ANOMALIES: tuple[str, ...] = (
    "stale_read",
    "read_your_writes",
    "monotonic_read",
    "lost_write",
    "lost_effect",
    "duplicate_side_effect",
    "oversell",
    "lost_update",
    "lost_session",
)
"""What the ledger finds: the names a challenge's anomaly requirements use."""


class Ledger:
    def __init__(self, horizon_s: float, read_horizon_s: float = 3600.0, initial_stock: int = 100):
        self.version: dict[int, int] = {}  # key -> highest version ever committed
        # key -> [(time, newest version acknowledged by then)], oldest first (see add)
        self.acked: dict[int, list[tuple[float, int]]] = {}
        # session -> key -> ([(time, newest version it wrote, acknowledged)], [(time, newest it read)]),
        # kept as long as a read can still be judged against them: a read is judged against what
        # the session had written and seen *before the read began*, even when it writes meanwhile
        self.sessions: dict[int, dict[int, tuple[list[tuple[float, int]], list[tuple[float, int]]]]] = {}
        self.counts = {a: [0] * len(OPS) for a in ANOMALIES}
        self.examples: dict[str, list[tuple]] = {a: [] for a in ANOMALIES}
        self.effects: dict[tuple[int, int], int] = {}  # (request id, component) -> times applied
        self.effect_times: deque[tuple[float, tuple[int, int]]] = deque()
        self.keyed: dict[int, float] = {}  # request ids whose effects carry an idempotency key
        self.horizon = horizon_s
        # A read is judged when its answer reaches the client, at most this long after it began
        # (the client's timeout): older history than that can only serve as the baseline.
        self.read_horizon = read_horizon_s
        self.sold: dict[int, int] = {}  # key -> units really taken (the truth behind `decrement`)
        self.initial_stock = initial_stock  # units every key starts with (traffic.keys)
        self.lost_times: list[float] = []  # when the writes a failover lost were acknowledged
        self.measured_from = 0.0  # a warm-up's end: anomalies of requests begun before are not counted
        self.ages: StalenessByAge | None = None  # measure.staleness_by_age: reads binned by age

    # -- versions ------------------------------------------------------------------------
    def commit(self, key: int) -> int:
        v = self.version.get(key, 0) + 1
        self.version[key] = v
        return v

    def acknowledge(self, t: float, key: int, v: int, session: int) -> None:
        h = self.acked.get(key)
        if h is None:
            h = self.acked[key] = []
        self.add(h, t, v)
        s = self.session(session)
        st = s.get(key)
        if st is None:
            self.remember(s, key, ([(t, v)], []))
        else:
            self.add(st[0], t, v)

    def add(self, history: list[tuple[float, int]], t: float, v: int) -> None:
        """Add version v at time t to a history of (time, newest version by then), in time
        order; once long, drop what no read can still be judged against (all but the newest
        entry older than the read horizon, which stays as the baseline)."""
        history.append((t, max(v, history[-1][1]) if history else v))
        if len(history) >= PRUNE_AT:
            k = bisect_right(history, t - self.read_horizon, key=TIME) - 1
            if k > 0:
                del history[:k]

    def session(self, session: int) -> dict[int, tuple[list[tuple[float, int]], list[tuple[float, int]]]]:
        s = self.sessions.get(session)
        if s is None:
            s = self.sessions[session] = {}
        return s

    @staticmethod
    def remember(s: dict, key: int, entry: tuple[list[tuple[float, int]], list[tuple[float, int]]]) -> None:
        """A session remembers its SESSION_KEYS most recently touched keys."""
        if len(s) >= SESSION_KEYS:
            del s[next(iter(s))]
        s[key] = entry

    def acked_before(self, key: int, t: float) -> int:
        """The newest version acknowledged at or before t (0: the key's initial value)."""
        return _newest_before(self.acked.get(key, ()), t)

    def rollback(self, t: float, key: int, kept: int) -> int:
        """A failover kept version `kept` of the key: acknowledged versions above it are lost.
        Returns how many acknowledged writes were lost."""
        h = self.acked.get(key, [])
        gone = [at for at, newest in h if newest > kept]
        if not gone:
            return 0
        self.lost_times.append(gone[0])  # when the first version above `kept` was acknowledged
        self.acked[key] = [(t, kept)]
        return h[-1][1] - kept  # every version up to the newest was acknowledged

    # -- judging a finished read -------------------------------------------------------
    def check_read(self, t: float, req: list) -> None:
        v = req[VSEEN]
        if v < 0 or req[1] != READ:
            return
        key, began = req[2], req[TA]
        if v < self.acked_before(key, began):
            self.found("stale_read", req, t)
        s = self.sessions.get(req[SESSION])
        st = s.get(key) if s is not None else None
        if st is None:
            self.remember(self.session(req[SESSION]), key, ([], [(t, v)]))
            return
        own, seen = st
        if own and _newest_before(own, began) > v:
            self.found("read_your_writes", req, t)
        if seen and _newest_before(seen, began) > v:
            self.found("monotonic_read", req, t)
        if not seen or v > seen[-1][1]:
            self.add(seen, t, v)

    def check_aged(self, t: float, req: list) -> None:
        """check_read, and the read into its server's staleness-by-age curve."""
        self.check_read(t, req)
        if req[VSEEN] >= 0 and req[1] == READ and req[5] >= self.measured_from:
            history = self.acked.get(req[2])
            if history:
                self.ages.add(req, history)  # type: ignore[union-attr]

    def watcher(self, reads: bool, unstored: frozenset[int], unsourced: bool) -> Any:
        """What the client calls when a request finishes: judge ok reads (when `reads`); a write
        whose operation is in `unstored` was acknowledged with no store on its path, and a read,
        when `unsourced`, was answered with no data source on it (see playground.core.paths)."""
        check = self.check_read if self.ages is None else self.check_aged
        if not unstored and not unsourced:
            return lambda t, req, outcome: outcome or check(t, req)  # the usual case, kept lean

        def finished(t: float, req: list, outcome: int) -> None:
            if outcome:
                return
            op = req[1]
            if op in unstored:
                self.unstored(t, req)
            elif reads:
                if unsourced and op == READ:
                    req[VSEEN] = 0  # nothing the user wrote: the key's initial value
                check(t, req)

        return finished

    def unstored(self, t: float, req: list) -> None:
        """A write acknowledged with no store on its path: the user was told it is saved (a new
        version, acknowledged now), and it is kept nowhere: a lost write."""
        key = req[2]
        self.acknowledge(t, key, self.commit(key), req[SESSION])
        self.found("lost_write", req, t)

    def undone(self, t: float, req: list) -> None:
        """Work the user was told is under way and that was never done (a message dropped, or
        still waiting at the end): a lost write, or a lost side effect (a charge, an email)."""
        self.found("lost_effect" if req[1] in EFFECTS else "lost_write", req, t)

    def found(self, anomaly: str, req: list, t: float, n: int = 1) -> None:
        if req[5] < self.measured_from:
            return  # begun in the warm-up
        self.counts[anomaly][req[1]] += n
        ex = self.examples[anomaly]
        if len(ex) < EXAMPLES:
            ex.append((t, snapshot(req, 0, t - req[5])))

    def lost_in_failover(self, t: float, n: int) -> None:
        """A failover lost n acknowledged writes (counted under `write`, after a warm-up only)."""
        if t >= self.measured_from:
            self.counts["lost_write"][1] += n

    # -- side effects that must happen once --------------------------------------------
    def applied(self, t: float, req: list, component: int) -> bool:
        """A side effect of request req at a component. A repeat is a duplicate, unless a service
        on its path sent an idempotency key, which the component uses to apply it once.
        Returns whether the effect took place."""
        k = (req[0], component)
        n = self.effects.get(k, 0) + 1
        if n == 1:
            self.effects[k] = 1
            self.effect_times.append((t, k))
            return True
        if req[0] in self.keyed:
            return False
        self.effects[k] = n
        self.found("duplicate_side_effect", req, t)
        return True

    def key(self, t: float, rid: int) -> None:
        """A service with idempotency keys handled request rid: its effects carry the key."""
        if rid not in self.keyed:
            self.keyed[rid] = t
            self.effect_times.append((t, (rid, -1)))

    def forget(self, now: float) -> None:
        """Drop side-effect records older than the horizon (no retry can reach them)."""
        q, horizon = self.effect_times, now - self.horizon
        while q and q[0][0] < horizon:
            k = q.popleft()[1]
            if k[1] < 0:
                self.keyed.pop(k[0], None)
            else:
                self.effects.pop(k, None)

    # -- stock ------------------------------------------------------------------------
    def take(self, t: float, req: list) -> None:
        """A decrement sold a unit; if the truth says none was left, that is an oversell."""
        key = req[2]
        sold = self.sold.get(key, 0) + 1
        self.sold[key] = sold
        if sold > self.initial_stock:
            self.found("oversell", req, t)

    def summary(self, finished_by_op: list[int], trace: Any) -> dict[str, Any]:
        counts = {a: sum(c) for a, c in self.counts.items()}
        by_op = {OPS[i]: {a: self.counts[a][i] for a in ANOMALIES} for i in range(len(OPS))
                 if finished_by_op[i]}
        rates = {OPS[i]: {a: round(self.counts[a][i] / finished_by_op[i], 6) for a in ANOMALIES}
                 for i in range(len(OPS)) if finished_by_op[i]}
        examples = {a: [dict(trace(rec), found_ms=round(t * 1000, 4)) for t, rec in ex]
                    for a, ex in self.examples.items() if ex}
        return {"counts": counts, "by_op": by_op, "rates": rates, "examples": examples}


TIME = itemgetter(0)


def _newest_before(history: Any, t: float) -> int:
    """The newest version in a (time, newest version by then) history at or before t (0: none)."""
    i = bisect_right(history, t, key=TIME)
    return history[i - 1][1] if i else 0
