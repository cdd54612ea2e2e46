"""Completion reads the keys the schema allows where the cursor is, by indentation, so it works on
text that does not parse; find wraps to the top."""

from __future__ import annotations

from playground.tui.completion import keys_at
from playground.tui.widgets.find_bar import find_next

from .conftest import ROOT

STARTER = (ROOT / "designs/starter.yaml").read_text()
LINES = STARTER.split("\n")


def keys(text: str, row: int, col: int | None = None) -> list[str]:
    return [k for k, _ in keys_at(text, row, col)]


def test_a_service_line_offers_the_service_fields_not_yet_written() -> None:
    row = LINES.index("    instances: 1")
    offered = keys(STARTER, row)
    assert {"queue_limit", "retry", "circuit_breaker", "label"} <= set(offered)
    assert not {"workers", "kind", "id", "calls", "service_time"} & set(offered)  # already there
    assert "replication" not in offered  # a database's field


def test_the_kind_of_the_item_picks_its_fields() -> None:
    row = LINES.index("    workers: 16")
    offered = keys(STARTER, row)
    assert "replication" in offered and "retry" not in offered


def test_a_nested_part_offers_its_own_fields_on_a_blank_line() -> None:
    text = STARTER.replace("    workers: 8\n", "    workers: 8\n    retry:\n      \n")
    row = text.split("\n").index("    retry:") + 1
    assert keys(text, row, 6) == ["attempts", "backoff_ms", "jitter"]


def test_a_call_item_offers_the_call_fields() -> None:
    row = LINES.index("      - to: db")
    assert keys(STARTER, row) == ["to", "ops", "optional"]


def test_the_top_level_offers_only_what_is_missing() -> None:
    text = "name: x\ncomponents: []\n"
    assert keys(text, 2, 0) == ["description", "entry"]


def test_it_works_while_the_text_does_not_parse() -> None:
    broken = STARTER.replace("    workers: 8", "    workers: [")
    assert "queue_limit" in keys(broken, LINES.index("    instances: 1"))


def test_find_wraps_and_ignores_case() -> None:
    text = "Alpha beta\nalpha"
    assert find_next(text, "ALPHA", 0) == (0, 5)
    assert find_next(text, "alpha", 1) == (11, 16)
    assert find_next(text, "alpha", 12) == (0, 5)  # wrapped to the top
    assert find_next(text, "gamma", 0) is None and find_next(text, "", 0) is None
