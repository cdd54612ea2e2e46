"""`playground cost`: the same bill as the library, as a table or JSON, and clear refusals."""

from __future__ import annotations

import json

import pytest

from playground.cli import main
from playground.design import bundled
from playground.design.load import load_design
from playground.scoring.cost import monthly_cost

FULL_STACK = str(bundled.designs_dir() / "full-stack.yaml")


def test_json_matches_the_library_with_rates(capsys):
    assert main(["cost", FULL_STACK, "--json", "--rps", "mailer=20", "--rps", "mail-queue=20"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = monthly_cost(load_design(FULL_STACK).model, {"mailer": 20, "mail-queue": 20})
    assert out["monthly_usd"] == pytest.approx(expected.monthly_usd, abs=0.005)
    assert out["unpriced"] == []


def test_table_names_what_is_left_out_of_the_total(capsys):
    assert main(["cost", FULL_STACK]) == 0
    text = capsys.readouterr().out
    assert "total" in text and "Not in the total: mail-queue, mailer" in " ".join(text.split())


@pytest.mark.parametrize("rate", ["mailer=fast", "=3", "mailer=-1", "nobody=3"])
def test_bad_rates_are_invalid_input(capsys, rate):
    assert main(["cost", FULL_STACK, "--rps", rate]) == 2
    assert "--rps" in capsys.readouterr().err
