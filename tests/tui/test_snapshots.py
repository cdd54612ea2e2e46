"""How the main screens look, at a fixed size, with nothing on screen that changes by itself
(no clock, no version, no absolute paths). Update with `pytest tests/tui --snapshot-update` after
looking at the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.design.load import load_challenge, load_design
from playground.tui.app import PlaygroundApp
from playground.tui.runner import Outcome
from playground.tui.screens.results import ResultsScreen

from .conftest import ROOT, fake_card, fake_result

SIZE = (100, 34)


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths on screen are relative to here


def test_home(snap_compare) -> None:
    assert snap_compare(PlaygroundApp(offer_recovery=False), terminal_size=SIZE)


def test_workbench(snap_compare) -> None:
    app = PlaygroundApp(Path("designs/read-replicas.yaml"), offer_recovery=False)

    async def select_api(pilot) -> None:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=select_api)


def test_workbench_at_80x24(snap_compare) -> None:
    app = PlaygroundApp(Path("designs/full-stack.yaml"), offer_recovery=False)
    assert snap_compare(app, terminal_size=(80, 24))


def test_results(snap_compare) -> None:
    design = load_design(ROOT / "designs/starter.yaml").model
    challenge = load_challenge(ROOT / "challenges/first-crud.yaml").model
    outcome = Outcome(fake_result(design, challenge.traffic.duration_s),
                      fake_card(design, challenge, None), challenge.seed)
    app = PlaygroundApp(offer_recovery=False)

    async def show(pilot) -> None:
        await pilot.pause()
        app.push_screen(ResultsScreen(design, challenge.title, outcome, export_dir=ROOT))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=show)
