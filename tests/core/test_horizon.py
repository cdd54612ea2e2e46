"""The long horizon of failures and repairs (playground.core.horizon; issue 16, item 6) against
the availability algebra of independent components and the alternating renewal theorem.

Closed forms (Barlow & Proschan, Statistical Theory of Reliability and Life Testing, 1975,
ch. 2 and 7; Ross, Stochastic Processes, 2nd ed., 1996, sec. 3.4.1): a component alternating
between up times of mean MTBF and down times of mean MTTR is up A = MTBF / (MTBF + MTTR) of
the time in the long run, whatever the distributions; independent components in series are up
prod A_i, in parallel 1 - prod (1 - A_i), k of n alike sum_{j>=k} C(n, j) A^j (1 - A)^(n - j).
A zone's outage takes down everything in it together: two copies in one zone are up
A_z (1 - (1 - A)^2), in two zones 1 - (1 - A A_z)^2.

Tolerances. One component's up share over a horizon T has variance about
(mu_d^2 s_u^2 + mu_u^2 s_d^2) / ((mu_u + mu_d)^3 T) (Takacs 1957; Cox, Renewal Theory, 1962,
sec. 7.3): four of its standard errors. For a structure, whose up share has no such simple
variance, the years at different seeds are independent replications: the mean of R of them
is checked against the formula within four standard errors of that mean, estimated from the
replications themselves (each year holds thousands of cycles, so a year's share is close to
normal and R = 16 estimates its spread well enough).
"""

from __future__ import annotations

from math import comb, gamma, prod, sqrt
from statistics import fmean, stdev

import pytest

from playground.core.horizon import (
    AtLeast,
    Degradable,
    Part,
    Renewal,
    Takeover,
    analytic,
    at_least,
    run_horizon,
    series,
)

DAY = 86_400.0


def se_up_share(mu_u: float, s_u: float, mu_d: float, s_d: float, horizon: float) -> float:
    return sqrt((mu_d**2 * s_u**2 + mu_u**2 * s_d**2) / ((mu_u + mu_d) ** 3 * horizon))


def replicate(root, processes, days: float = 365.0, seeds: int = 16) -> tuple[float, float]:
    """The mean availability over `seeds` independent years and its standard error."""
    shares = [run_horizon(root, processes, days, seed).availability for seed in range(seeds)]
    return fmean(shares), stdev(shares) / sqrt(len(shares))


def test_one_component_is_up_mtbf_over_mtbf_plus_mttr_with_exponential_up_times():
    mtbf, mttr, days = 0.5 * DAY, 0.1 * DAY, 3650.0  # about 6,000 cycles
    r = run_horizon(Part("a", (0,)), [Renewal("a", mtbf, mttr)], days, seed=3)
    expected = mtbf / (mtbf + mttr)
    assert r.availability == pytest.approx(expected, abs=4 * se_up_share(mtbf, mtbf, mttr, mttr, days * DAY))
    assert r.failures == pytest.approx(days * DAY / (mtbf + mttr), rel=0.05)  # ~6,080 cycles: SE 1.3 %


@pytest.mark.parametrize("shape", [0.7, 2.0, 5.0])
def test_weibull_up_times_of_the_same_mean_give_the_same_share(shape: float):
    mtbf, mttr, days = 0.5 * DAY, 0.1 * DAY, 3650.0
    r = run_horizon(Part("a", (0,)), [Renewal("a", mtbf, mttr, "weibull", shape)], days, seed=5)
    s_u = mtbf * sqrt(gamma(1 + 2 / shape) / gamma(1 + 1 / shape) ** 2 - 1)  # the Weibull's sd at this mean
    expected = mtbf / (mtbf + mttr)
    assert r.availability == pytest.approx(expected, abs=4 * se_up_share(mtbf, s_u, mttr, mttr, days * DAY))


LAWS = [Renewal("a", 2.0 * DAY, 0.2 * DAY), Renewal("b", 1.0 * DAY, 0.25 * DAY), Renewal("c", 3.0 * DAY, 0.5 * DAY)]
A = [p.mtbf_s / (p.mtbf_s + p.mttr_s) for p in LAWS]


def test_series_is_up_the_product_of_its_parts():
    root = series(Part("a", (0,)), Part("b", (1,)), Part("c", (2,)))
    expected = prod(A)  # 0.909 x 0.8 x 0.857 = 0.623
    assert analytic(root, LAWS) == (pytest.approx(expected, rel=1e-12), True)
    mean, se = replicate(root, LAWS)
    assert mean == pytest.approx(expected, abs=4 * se)


def test_parallel_is_down_only_when_every_part_is():
    root = AtLeast(1, (Part("a", (0,)), Part("b", (1,)), Part("c", (2,))))
    expected = 1 - prod(1 - a for a in A)  # 1 - 0.0909 x 0.2 x 0.143 = 0.9974
    assert analytic(root, LAWS)[0] == pytest.approx(expected, rel=1e-12)
    mean, se = replicate(root, LAWS)
    assert mean == pytest.approx(expected, abs=4 * se)


def test_k_of_n_alike_follows_the_binomial_sum():
    law = Renewal("x", 1.0 * DAY, 0.25 * DAY)
    laws = [Renewal(f"x{i}", law.mtbf_s, law.mttr_s) for i in range(5)]
    a = law.mtbf_s / (law.mtbf_s + law.mttr_s)  # 0.8
    root = AtLeast(3, tuple(Part(f"x{i}", (i,)) for i in range(5)))
    expected = sum(comb(5, j) * a**j * (1 - a) ** (5 - j) for j in range(3, 6))  # 0.942
    assert at_least(3, [a] * 5) == pytest.approx(expected, rel=1e-12)
    assert analytic(root, laws)[0] == pytest.approx(expected, rel=1e-12)
    mean, se = replicate(root, laws)
    assert mean == pytest.approx(expected, abs=4 * se)


def test_a_zone_takes_both_copies_in_it_down_together():
    """Two copies, each failing on its own, and a zone failing as one: in one zone they share
    its outages, in two zones they do not, and the difference is many standard errors wide."""
    own, zone = Renewal("own", 2.0 * DAY, 0.2 * DAY), Renewal("zone", 10.0 * DAY, 1.0 * DAY)
    a, az = own.availability, zone.availability  # 0.909, 0.909
    laws_one = [Renewal("a", own.mtbf_s, own.mttr_s), Renewal("b", own.mtbf_s, own.mttr_s),
                Renewal("z", zone.mtbf_s, zone.mttr_s)]
    one_zone = AtLeast(1, (Part("a", (0, 2)), Part("b", (1, 2))))
    laws_two = [*laws_one, Renewal("z2", zone.mtbf_s, zone.mttr_s)]
    two_zones = AtLeast(1, (Part("a", (0, 2)), Part("b", (1, 3))))
    expected_one = az * (1 - (1 - a) ** 2)  # 0.902
    expected_two = 1 - (1 - a * az) ** 2  # 0.973
    assert analytic(one_zone, laws_one) == (pytest.approx(expected_one, rel=1e-12), True)
    assert analytic(two_zones, laws_two)[0] == pytest.approx(expected_two, rel=1e-12)
    mean_one, se_one = replicate(one_zone, laws_one)
    mean_two, se_two = replicate(two_zones, laws_two)
    assert mean_one == pytest.approx(expected_one, abs=4 * se_one)
    assert mean_two == pytest.approx(expected_two, abs=4 * se_two)
    assert mean_two - mean_one > 4 * sqrt(se_one**2 + se_two**2)


def test_with_the_zone_alone_two_copies_in_it_are_down_exactly_when_it_is():
    zone = Renewal("z", 5.0 * DAY, 0.5 * DAY)
    alone = run_horizon(Part("z", (0,)), [zone], 365.0, seed=9)
    both = run_horizon(AtLeast(1, (Part("a", (0,)), Part("b", (0,)))), [zone], 365.0, seed=9)
    assert both.availability == alone.availability
    assert both.outages == alone.outages == alone.failures


def test_a_degradable_call_counts_as_degraded_not_down():
    laws = [Renewal("api", 2.0 * DAY, 0.2 * DAY), Renewal("recs", 1.0 * DAY, 0.5 * DAY)]
    root = series(Part("api", (0,)), Degradable(Part("recs", (1,))))
    r = run_horizon(root, laws, 3650.0, seed=2)
    a_api, a_recs = laws[0].availability, laws[1].availability
    t = 3650.0 * DAY
    assert r.availability == pytest.approx(a_api, abs=4 * se_up_share(2 * DAY, 2 * DAY, 0.2 * DAY, 0.2 * DAY, t))
    # degraded while api is up and recs down: the two are independent, so A_api (1 - A_recs) of the time
    se = sqrt(se_up_share(2 * DAY, 2 * DAY, 0.2 * DAY, 0.2 * DAY, t) ** 2 + se_up_share(DAY, DAY, 0.5 * DAY, 0.5 * DAY, t) ** 2)
    assert r.degraded_min / (t / 60) == pytest.approx(a_api * (1 - a_recs), abs=4 * se)


def failover_pair_by_hand(mtbf: float, mttr: float, switch: float, horizon: float, seed: int) -> float:
    """An independent Monte Carlo of a primary and one copy with a failover: the share of
    `horizon` that the current leader is up. Each copy's next change is drawn as it happens;
    the copy takes the lead `switch` after the leader went down, if the leader is still down
    and the copy up then."""
    import random

    rng = random.Random(seed)
    up, nxt = [True, True], [rng.expovariate(1 / mtbf), rng.expovariate(1 / mtbf)]
    leader, switch_at, t, down_time, down_since = 0, None, 0.0, 0.0, None
    while True:
        t_next = min(nxt[0], nxt[1], switch_at if switch_at is not None else horizon, horizon)
        t = t_next
        if t >= horizon:
            break
        if switch_at is not None and t == switch_at:
            switch_at = None
            if not up[leader] and up[1 - leader]:
                leader = 1 - leader
        else:
            i = 0 if nxt[0] == t else 1
            up[i] = not up[i]
            nxt[i] = t + (rng.expovariate(1 / mttr) if not up[i] else rng.expovariate(1 / mtbf))
        if not up[leader] and up[1 - leader] and switch_at is None:
            switch_at = t + switch
        if not up[leader] and down_since is None:
            down_since = t
        elif up[leader] and down_since is not None:
            down_time += t - down_since
            down_since = None
    if down_since is not None:
        down_time += horizon - down_since
    return 1 - down_time / horizon


def test_a_failover_is_up_while_its_leader_is_and_pays_each_switch():
    mtbf, mttr = 2.0 * DAY, 0.2 * DAY
    laws = [Renewal("p", mtbf, mttr), Renewal("r", mtbf, mttr)]
    a = laws[0].availability
    instant = Takeover((Part("p", (0,)), Part("r", (1,))), switch_s=1.0)
    mean, se = replicate(instant, laws)
    # a second per switch, about 166 a year: 5e-6 of it, far inside the tolerance
    assert mean == pytest.approx(1 - (1 - a) ** 2, abs=4 * se)
    slow = Takeover((Part("p", (0,)), Part("r", (1,))), switch_s=3600.0)
    mean_slow, se_slow = replicate(slow, laws)
    by_hand = [failover_pair_by_hand(mtbf, mttr, 3600.0, 365 * DAY, 1000 + s) for s in range(16)]
    se_hand = stdev(by_hand) / sqrt(len(by_hand))
    assert mean_slow == pytest.approx(fmean(by_hand), abs=4 * sqrt(se_slow**2 + se_hand**2))
    assert mean - mean_slow > 4 * sqrt(se**2 + se_slow**2)  # an hour a switch is worth seeing


def test_months_add_up_to_the_year_and_the_seed_repeats_it():
    laws = [Renewal("a", 20.0 * DAY, 0.5 * DAY), Renewal("z", 60.0 * DAY, 0.2 * DAY)]
    root = AtLeast(1, (Part("a", (0, 1)), Part("b", (1,))))
    r = run_horizon(root, laws, 365.0, seed=4)
    assert len(r.downtime_min_by_month) == 12
    assert sum(r.downtime_min_by_month) == pytest.approx(r.downtime_min, abs=1e-2)
    assert r.downtime_min == pytest.approx((1 - r.availability) * 365 * 1440, abs=1e-2)
    assert run_horizon(root, laws, 365.0, seed=4) == r
    assert run_horizon(root, laws, 365.0, seed=5) != r
