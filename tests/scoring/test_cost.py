"""The monthly bill, checked against sums done by hand on a price table with round numbers."""

from __future__ import annotations

import pytest

from playground.design.model import Design
from playground.kinds import KINDS
from playground.scoring.cost import monthly_cost
from playground.scoring.prices import PriceTable, price_table

# 100 hours a month and round prices, so every expected figure below is mental arithmetic.
SIZES = ("small", "medium", "large", "xlarge")
TABLE = PriceTable.model_validate(
    {
        "hours_per_month": 100,
        "storage_gb_month": 0.5,
        "backup_gb_month": 0.25,
        "kinds": {
            **{
                k: {"what": k, "per_hour": dict(zip(SIZES, (1, 2, 4, 8), strict=True))}
                for k in ("load_balancer", "rate_limiter")
            },
            **{
                k: {
                    "what": k,
                    "per_hour": dict(zip(SIZES, (1, 2, 4, 8), strict=True)),
                    "capacity": "slots",
                    "per_machine": dict(zip(SIZES, (10, 20, 40, 80), strict=True)),
                }
                for k in ("service", "database", "replica", "shard", "session_store", "cache")
            },
            "queue": {
                "what": "q",
                "per_hour": {"small": 1},
                "capacity": "consumers",
                "per_machine": {"small": 4},
                "per_million_requests": 2,
            },
            "external": {"what": "x", "per_million_requests": 3},
        },
    }
)


def design(*components: dict) -> Design:
    return Design.model_validate(
        {"name": "t", "entry": components[0]["id"], "components": components}
    )


def test_shipped_table_prices_every_kind():
    assert set(price_table().kinds) == set(KINDS)


def test_service_instances_and_extra_machines_for_workers():
    # 3 instances, 25 workers each on small machines carrying 10: 3 machines per instance.
    cost = monthly_cost(
        design({"id": "api", "kind": "service", "instances": 3, "workers": 25}), table=TABLE
    )
    assert cost.monthly_usd == pytest.approx(3 * 3 * 1 * 100)
    (line,) = cost.lines
    assert line.quantity == 9


def test_size_changes_price_and_what_a_machine_carries():
    # medium: $2/h carrying 20 slots; 25 workers need 2 machines.
    cost = monthly_cost(
        design({"id": "api", "kind": "service", "size": "medium", "workers": 25}), table=TABLE
    )
    assert cost.monthly_usd == pytest.approx(2 * 2 * 100)


def test_database_with_replicas_backups_and_an_idle_replica():
    d = design(
        {
            "id": "db",
            "kind": "database",
            "workers": 10,
            "storage_gb": 40,
            "backup_interval_s": 3600,
        },
        {"id": "r1", "kind": "replica", "of": "db", "workers": 10, "storage_gb": 40},
        {
            "id": "r2",
            "kind": "replica",
            "of": "db",
            "workers": 10,
            "storage_gb": 40,
            "size": "large",
        },
    )
    cost = monthly_cost(d, table=TABLE)
    by = cost.by_component()
    assert by["db"] == pytest.approx(100 + 40 * 0.5 + 40 * 0.25)
    assert by["r1"] == pytest.approx(100 + 40 * 0.5)
    assert by["r2"] == pytest.approx(4 * 100 + 40 * 0.5)  # read by nobody, billed all the same
    assert cost.monthly_usd == pytest.approx(sum(by.values()))


def test_quorum_nodes_and_shard_partitions_are_each_a_machine_with_its_own_disk():
    d = design(
        {
            "id": "kv",
            "kind": "database",
            "workers": 10,
            "storage_gb": 10,
            "quorum": {"n": 5, "r": 3, "w": 3},
        },
        {"id": "carts", "kind": "shard", "partitions": 6, "workers": 15, "storage_gb": 10},
    )
    by = monthly_cost(d, table=TABLE).by_component()
    assert by["kv"] == pytest.approx(5 * 100 + 5 * 10 * 0.5)
    assert by["carts"] == pytest.approx(6 * 2 * 100 + 6 * 10 * 0.5)


def test_cache_nodes_follow_item_capacity():
    d = design({"id": "c", "kind": "cache", "capacity_items": 31, "size": "medium"})
    assert monthly_cost(d, table=TABLE).monthly_usd == pytest.approx(2 * 2 * 100)


def test_per_request_kinds_need_a_rate_and_are_billed_per_million():
    d = design(
        {"id": "lb", "kind": "load_balancer", "calls": ["q"]},
        {"id": "q", "kind": "queue", "consumers": 5, "calls": ["mail"]},
        {"id": "mail", "kind": "external"},
    )
    without = monthly_cost(d, table=TABLE)
    assert without.unpriced == ("q", "mail")
    assert without.monthly_usd == pytest.approx(100 + 2 * 100)  # lb + two consumer hosts
    # 10 req/s for 100 h is 3.6 million requests.
    with_rates = monthly_cost(d, rps={"q": 10, "mail": 20}, table=TABLE)
    assert with_rates.unpriced == ()
    by = with_rates.by_component()
    assert by["q"] == pytest.approx(200 + 3.6 * 2)
    assert by["mail"] == pytest.approx(7.2 * 3)


def test_shipped_prices_on_the_starter_design():
    # docs/cost.md works this example: $0.05/h api + $0.10/h db for 730 h, 20 GB at $0.10.
    d = design(
        {"id": "api", "kind": "service", "calls": ["db"]},
        {"id": "db", "kind": "database"},
    )
    assert monthly_cost(d).monthly_usd == pytest.approx(0.05 * 730 + 0.10 * 730 + 20 * 0.10)


def test_to_dict_rounds_to_cents_and_keeps_each_line():
    d = design({"id": "api", "kind": "service", "instances": 2})
    out = monthly_cost(d, table=TABLE).to_dict()
    assert out["monthly_usd"] == 200
    assert out["breakdown"][0]["how"].startswith("2 instances x 1 machine")


def test_docs_price_table_matches_the_data_file():
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "cost.md").read_text(encoding="utf-8")
    table = price_table()
    for row in docs.splitlines():
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) != 4 or not cells[2].startswith("$"):
            continue
        hourly = [float(x) for x in cells[2].lstrip("$").split(" / ")]
        for kind in cells[0].split(" (")[0].split(", "):
            assert list(table.kind(kind).per_hour.values()) == hourly, kind
