"""Data with limits: each key's initial stock, oversells and lost updates, on hand-built schedules."""

from __future__ import annotations

from playground.core.kernel import DECREMENT
from tests.core.helpers import challenge, design, run, service, sim


def store(updates: str, initial_stock: int) -> object:
    """A database node of a run whose keys start with `initial_stock` units, its ledger on."""
    s = sim(design({"id": "db", "kind": "database", "updates": updates}),
            challenge(1.0, 1.0, mix={"decrement": 1}, keys={"count": 1, "initial_stock": initial_stock}))
    return s.nodes["db"]


def decrement(db: object, rid: int, began: float, commits: float) -> bool:
    """One decrement of key 0 whose work began at `began` (when a read_modify_write reads the
    stock) and commits at `commits`: a frame as the station makes it (H_START = 5)."""
    req = [rid, DECREMENT, 0, rid, 0, began, began, 0, 0, [], -1]
    frame = [req, None, None, db.index, began, began, 0.0, 0, db.instances[0], 0, 0, 0]  # type: ignore[attr-defined]
    return db.take_unit(commits, frame)  # type: ignore[attr-defined]


# (began, commits) of each decrement, commits in time order, against a stock of 3 units:
SCHEDULE = [
    (0.0, 1.0),  # A reads 3, writes 2
    (0.5, 1.5),  # B read 3 before A wrote: writes 2 over A's 2 (a lost update; one unit sold twice)
    (2.0, 3.0),  # C reads 2, writes 1
    (2.1, 3.1),  # D read 2 before C wrote: writes 1 over C's (lost update)
    (3.5, 4.0),  # E reads 1, writes 0
    (4.5, 5.0),  # F reads 0: sold out, refused
]


def test_read_modify_write_loses_the_updates_it_overwrites_and_oversells_the_rest():
    db = store("read_modify_write", 3)
    took = [decrement(db, i, began, commits) for i, (began, commits) in enumerate(SCHEDULE)]
    ledger = db.ledger  # type: ignore[attr-defined]
    # by hand: A, B, C, D and E each took a unit (5 sold of 3: two oversold); B and D overwrote
    # an update made after they read; F found none left
    assert took == [True, True, True, True, True, False]
    assert sum(ledger.counts["lost_update"]) == 2
    assert ledger.sold[0] == 5
    assert sum(ledger.counts["oversell"]) == 2
    assert db.stock[0][-1][1] == 0  # type: ignore[attr-defined]


def test_compare_and_set_never_loses_an_update_or_oversells():
    db = store("conditional", 3)
    took = [decrement(db, i, began, commits) for i, (began, commits) in enumerate(SCHEDULE)]
    ledger = db.ledger  # type: ignore[attr-defined]
    assert took == [True, True, True, False, False, False]  # three units, three sales
    assert sum(ledger.counts["lost_update"]) == sum(ledger.counts["oversell"]) == 0


def test_a_challenge_sets_each_keys_initial_stock():
    d = design(service(workers=64, mean_ms=0.5, calls=["db"]),
               {"id": "db", "kind": "database", "workers": 64, "updates": "conditional"})
    r = run(d, challenge(200.0, 10.0, mix={"decrement": 1}, keys={"count": 5, "initial_stock": 7}))
    assert r.components["db"].extra["keys_written"] == 5
    assert sum(r.series.ok) > 1000
    assert r.anomalies.counts["oversell"] == 0
    # five keys of seven units: 35 sales, every later decrement finds the key sold out
    db = sim(d, challenge(200.0, 10.0, mix={"decrement": 1}, keys={"count": 5, "initial_stock": 7}))
    db.run()
    assert sum(db.ledger.sold.values()) == 35


def test_the_share_of_lost_updates_is_the_chance_another_commit_lands_while_one_works():
    """With stock that never runs out, a read_modify_write decrement loses an update iff another
    decrement of its key commits during its own work S. Those commits are Poisson at the key's
    rate λ, so P(lost) = 1 - E[exp(-λS)] = λm / (1 + λm) for an exponential S of mean m."""
    keys, rps, m = 20, 400.0, 0.010
    d = design(service(workers=64, mean_ms=1.0, calls=["db"]),
               {"id": "db", "kind": "database", "workers": 64, "write_time": {"mean_ms": m * 1000}})
    r = run(d, challenge(rps, 20.0, mix={"decrement": 1}, keys={"count": keys, "initial_stock": 10**9}))
    n = sum(r.series.ok)
    lam = rps / keys
    expected = lam * m / (1 + lam * m)
    share = r.anomalies.counts["lost_update"] / n
    assert abs(share - expected) < 4 * (expected * (1 - expected) / n) ** 0.5
    assert r.anomalies.counts["oversell"] == 0
