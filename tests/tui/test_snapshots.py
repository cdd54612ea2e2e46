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
from playground.tui.widgets.yaml_editor import YamlEditor

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


def test_home_at_80x24(snap_compare) -> None:
    assert snap_compare(PlaygroundApp(offer_recovery=False), terminal_size=(80, 24))


def test_home_at_120x40(snap_compare) -> None:
    assert snap_compare(PlaygroundApp(offer_recovery=False), terminal_size=(120, 40))


def test_workbench_at_120x40_with_a_challenge(snap_compare) -> None:
    app = PlaygroundApp(Path("challenges/solutions/first-crud.yaml"), "first-crud", offer_recovery=False)
    assert snap_compare(app, terminal_size=(120, 40))


def test_workbench_brief_with_two_hints_shown(snap_compare) -> None:
    app = PlaygroundApp(Path("challenges/starters/first-crud.yaml"), "first-crud", offer_recovery=False)

    async def hints(pilot) -> None:
        await pilot.pause()
        await pilot.press("f3", "f3")
        app.screen.action_view("tab-brief")
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=hints)


def test_workbench_yaml_at_80x24(snap_compare) -> None:
    app = PlaygroundApp(Path("designs/starter.yaml"), offer_recovery=False)

    async def to_yaml(pilot) -> None:
        await pilot.pause()
        app.screen.query_one(YamlEditor).cursor_blink = False  # a blinking cursor is drawn or not
        await pilot.press("f2")
        for _ in range(3):  # the tab switch, the focus, the highlighting: all drawn
            await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=to_yaml)


RETRIED = {"id": 4087, "op": "charge", "attempts": 2, "start_ms": 27341.4108, "latency_ms": 1307.3992,
           "outcome": "ok", "hops": [
               {"component": "api", "start_ms": 28527.4641, "wait_ms": 0.0, "service_ms": 2.6093,
                "outcome": "ok"},
               {"component": "db", "start_ms": 28530.0733, "wait_ms": 0.0, "service_ms": 106.2792,
                "outcome": "ok"}]}


def _results_app(tab: str, edit) -> PlaygroundApp:
    design = load_design(ROOT / "designs/starter.yaml").model
    challenge = load_challenge(ROOT / "challenges/first-crud.yaml").model
    result = fake_result(design, challenge.traffic.duration_s)
    edit(result)
    outcome = Outcome(result, fake_card(design, challenge, None), challenge.seed)
    app = PlaygroundApp(offer_recovery=False)

    async def show(pilot) -> None:
        await pilot.pause()
        app.push_screen(ResultsScreen(design, challenge.title, outcome, export_dir=ROOT))
        await pilot.pause()
        app.screen.action_tab(tab)
        await pilot.pause()

    app.run_before = show  # type: ignore[attr-defined]
    return app


def test_results_waterfall_draws_the_earlier_attempt(snap_compare) -> None:
    app = _results_app("tab-traces", lambda r: r["traces"].insert(0, RETRIED))
    assert snap_compare(app, terminal_size=SIZE, run_before=app.run_before)


def test_results_utilization_by_instance(snap_compare) -> None:
    def partitions(result) -> None:
        result["components"]["db"]["utilization"] = 0.3
        result["components"]["db"]["instances"] = [
            {"utilization": 0.96, "throughput_rps": 180.0}, {"utilization": 0.12, "throughput_rps": 70.0},
            {"utilization": 0.08, "throughput_rps": 60.0}, {"utilization": 0.04, "throughput_rps": 50.0}]

    app = _results_app("tab-heat", partitions)
    assert snap_compare(app, terminal_size=SIZE, run_before=app.run_before)
