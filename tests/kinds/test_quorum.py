"""A quorum database as PBS models it (issue 16, item 4): separate W, A, R, S delays per copy,
t-visibility and k-staleness, against an independent Monte Carlo of the WARS model.

The model (Bailis, Venkataraman, Franklin, Hellerstein, Stoica, "Probabilistically Bounded
Staleness for Practical Partial Quorums", PVLDB 5(8), 2012, sec. 4.1, "WARS"): a write sent at
time a reaches copy i after W_i and is acknowledged by it A_i later; the write commits when w
acknowledgements are back. A read sent at s reaches copy i after R_i, sees what the copy holds
then, and its response comes back S_i later; it returns the newest version among the first r
responses. Every delay is drawn independently per copy and per request. The Monte Carlo below
simulates exactly that for one key's Poisson writes and reads, with no code of the engine.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from math import floor, log2, sqrt

import pytest

from tests.core.helpers import challenge, design, run, service

TINY = {"distribution": "deterministic", "mean_ms": 0.001}
W_MS, A_MS, R_MS, S_MS = 10.0, 5.0, 5.0, 5.0  # exponential means, a WAN-ish spread of copies
KEYS, WRITES_PER_KEY, READS_PER_KEY = 20, 10.0, 30.0
DURATION_S = 150.0
GROUPS = ((0.0, 1.0), (1.0, 4.0), (4.0, 16.0), (16.0, 64.0), (64.0, float("inf")))  # ages, ms


def quorum_design(n: int, r: int, w: int) -> object:
    delays = {part: {"distribution": "exponential", "mean_ms": m}
              for part, m in (("write", W_MS), ("ack", A_MS), ("read", R_MS), ("response", S_MS))}
    return design(service(workers=10_000, mean_ms=0.001, distribution="deterministic", calls=["db"]),
                  {"id": "db", "kind": "database", "workers": 10_000, "read_time": TINY, "write_time": TINY,
                   "quorum": {"n": n, "r": r, "w": w, "delays": delays}})


def engine(n: int, r: int, w: int) -> dict:
    rate = KEYS * (WRITES_PER_KEY + READS_PER_KEY)
    c = challenge(rate, DURATION_S, mix={"read": READS_PER_KEY, "write": WRITES_PER_KEY},
                  keys={"count": KEYS})
    return run(quorum_design(n, r, w), c).components["db"].extra


def age_bin_upper_ms(age_ms: float) -> float:
    """The engine's bins (docs/results.md): under 1 ms, then quarter octaves from 1 ms."""
    return 1.0 if age_ms < 1.0 else 2.0 ** ((floor(log2(age_ms) * 4) + 1) / 4)


def wars_monte_carlo(n: int, r: int, w: int, reads_wanted: int, seed: int = 2012):
    """Reads of one key under Poisson writes and reads: (age of the newest committed write in
    ms, versions behind it) for each read that has a committed write before it."""
    rng = random.Random(seed)
    ex = rng.expovariate
    horizon = reads_wanted / READS_PER_KEY
    writes: list[float] = []
    t = 0.0
    while t < horizon:
        t += ex(WRITES_PER_KEY)
        writes.append(t)
    applied = [[] for _ in range(n)]  # per copy: (time applied, version)
    commits = []  # (commit time, version)
    for v, a in enumerate(writes, start=1):
        ws = [ex(1000 / W_MS) for _ in range(n)]
        acks = sorted(x + ex(1000 / A_MS) for x in ws)
        commits.append((a + acks[w - 1], v))
        for i in range(n):
            applied[i].append((a + ws[i], v))
    commits.sort()
    for lst in applied:
        lst.sort()
    commit_times = [c for c, _ in commits]
    newest_by = []  # running max of committed versions, and when it was reached
    best, when = 0, 0.0
    for c, v in commits:
        if v > best:
            best, when = v, c
        newest_by.append((best, when))
    copy_times = [[x for x, _ in lst] for lst in applied]
    copy_newest = []
    for lst in applied:
        run_max, m = [], 0
        for _, v in lst:
            m = max(m, v)
            run_max.append(m)
        copy_newest.append(run_max)
    out = []
    s = 0.0
    while s < horizon:
        s += ex(READS_PER_KEY)
        k = bisect_right(commit_times, s)
        if not k:
            continue
        newest, when = newest_by[k - 1]
        rs = [ex(1000 / R_MS) for _ in range(n)]
        replies = sorted(range(n), key=lambda i: rs[i] + ex(1000 / S_MS))[:r]
        got = 0
        for i in replies:
            j = bisect_right(copy_times[i], s + rs[i])
            if j:
                got = max(got, copy_newest[i][j - 1])
        out.append(((s - when) * 1000, max(0, newest - got)))
    return out


def grouped(pairs):
    """(reads, consistent) per age group, from (bin upper edge ms, reads, consistent) rows."""
    sums = [[0, 0] for _ in GROUPS]
    for upper, n_reads, fresh in pairs:
        for g, (lo, hi) in enumerate(GROUPS):
            if lo < upper <= hi or (hi == float("inf") and upper > lo):
                sums[g][0] += n_reads
                sums[g][1] += fresh
                break
    return sums


def test_t_visibility_and_k_staleness_match_a_monte_carlo_of_wars():
    n, r, w = 3, 1, 1
    got = engine(n, r, w)
    tv, ks = got["t_visibility"], got["k_staleness"]
    mc = wars_monte_carlo(n, r, w, reads_wanted=250_000)
    mc_rows: dict[float, list[int]] = {}
    for age, behind in mc:
        row = mc_rows.setdefault(age_bin_upper_ms(age), [0, 0])
        row[0] += 1
        row[1] += behind == 0
    eng = grouped(zip(tv["t_ms"], tv["reads"], tv["consistent"], strict=True))
    ref = grouped((u, a, b) for u, (a, b) in mc_rows.items())
    checked = 0
    for (ne, fe), (nm, fm), (lo, hi) in zip(eng, ref, GROUPS, strict=True):
        if ne < 500:
            continue
        pe, pm = fe / ne, fm / nm
        p = (fe + fm) / (ne + nm)
        # two independent binomial proportions; reads of one key within a write's visibility
        # window (tens of ms, ~1 read of the key in it at 30/s) share its delays, which inflates
        # the variance by at most ~1.5 (the engine's side); four such standard errors
        se = sqrt(p * (1 - p) * (1.5 / ne + 1 / nm))
        assert pe == pytest.approx(pm, abs=4 * se + 1e-9), (lo, hi, pe, pm, ne)
        checked += 1
    assert checked >= 4
    # the curve rises with t: soon after a commit an r=w=1 read is often stale, much later never
    assert eng[0][1] / eng[0][0] < 0.8 < eng[-1][1] / eng[-1][0]
    # k-staleness: P(fresh), P(one version behind), P(two or more)
    total_e, total_m = sum(ks["reads"]), len(mc)
    for k_lo, k_hi in ((0, 1), (1, 2), (2, 99)):
        pe = sum(ks["reads"][k_lo:k_hi]) / total_e
        pm = sum(1 for _, b in mc if k_lo <= b < k_hi) / total_m
        p = (pe * total_e + pm * total_m) / (total_e + total_m)
        assert pe == pytest.approx(pm, abs=4 * sqrt(p * (1 - p) * (1.5 / total_e + 1 / total_m)) + 1e-9), k_lo


def test_a_strict_quorum_is_always_consistent():
    # r + w > n: every read quorum meets every write quorum, so a read begun after a commit
    # returns it (PBS sec. 2: strict quorums are consistent); t-visibility is 1 at every t
    got = engine(3, 2, 2)
    tv = got["t_visibility"]
    assert sum(tv["reads"]) > 10_000
    assert tv["consistent"] == tv["reads"]
    assert list(got["k_staleness"]["versions_behind"]) == [0]


def test_without_delays_a_quorum_keeps_its_single_copy_time():
    # no delays block: the same draws as before (the identity digests hold it byte for byte);
    # here, a quorum with a single copy time of zero spread reads consistently once applied
    d = design(service(workers=256, mean_ms=0.5, calls=["db"]),
               {"id": "db", "kind": "database", "workers": 256,
                "quorum": {"n": 3, "r": 1, "w": 1, "replica_time": {"distribution": "deterministic", "mean_ms": 5.0}}})
    extra = run(d, challenge(1000.0, 10.0, mix={"read": 1, "write": 1}, keys={"count": 20})).components["db"].extra
    # every copy applies a write 5 ms after it and the read sees a copy 5 ms after it begins:
    # a read begun after the commit (itself 5 ms after the write) always finds the version
    assert extra["t_visibility"]["consistent"] == extra["t_visibility"]["reads"]
