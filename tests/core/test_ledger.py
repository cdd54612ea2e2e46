"""The ledger judges a read against what was acknowledged before the read began."""

from __future__ import annotations

from playground.core.data import Ledger
from playground.core.kernel import READ


def request(op: int, key: int, session: int, began: float, seen: int = -1) -> list:
    # RID, OP, KEY, SESSION, CLIENT, T0, TA, ATTEMPT, STATE, HOPS, VSEEN
    return [1, op, key, session, 0, began, began, 0, 0, [], seen]


def counts(ledger: Ledger) -> dict[str, int]:
    return {a: sum(n) for a, n in ledger.counts.items() if sum(n)}


def test_a_write_during_a_slow_read_does_not_hide_the_broken_promise():
    ledger = Ledger(horizon_s=60)
    ledger.acknowledge(1.0, key=7, v=ledger.commit(7), session=3)  # v1, before the read
    read = request(READ, 7, 3, began=2.0, seen=0)                   # the read returns v0
    ledger.acknowledge(2.5, key=7, v=ledger.commit(7), session=3)  # v2, while the read runs
    ledger.check_read(3.0, read)
    assert counts(ledger) == {"stale_read": 1, "read_your_writes": 1}


def test_a_write_acknowledged_after_the_read_began_is_not_owed_to_it():
    ledger = Ledger(horizon_s=60)
    read = request(READ, 7, 3, began=2.0, seen=0)
    ledger.acknowledge(2.5, key=7, v=ledger.commit(7), session=3)
    ledger.check_read(3.0, read)
    assert counts(ledger) == {}


def test_monotonic_reads_compare_with_what_was_seen_before_the_read_began():
    ledger = Ledger(horizon_s=60)
    for v in (1, 2):
        ledger.acknowledge(float(v), key=5, v=ledger.commit(5), session=9)
    ledger.check_read(3.0, request(READ, 5, 1, began=2.5, seen=2))  # session 1 sees v2
    slow = request(READ, 5, 1, began=3.5, seen=1)                     # then reads v1
    ledger.check_read(4.0, slow)
    assert counts(ledger) == {"stale_read": 1, "monotonic_read": 1}
