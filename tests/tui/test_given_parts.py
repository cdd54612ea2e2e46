"""A challenge whose world gives parts (a payment provider): its starter calls them by id, so the
workbench checks the design against the challenge at hand, and it opens clean and runs."""

from __future__ import annotations

from textual.widgets import DataTable

from playground.tui.screens.home import HomeScreen
from playground.tui.screens.workbench import WorkbenchScreen

from .test_flows import SIZE, app_for, results_after


async def test_a_starter_that_calls_a_given_part_opens_without_problems_and_runs(fake_engine) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("double-charge"))
        await pilot.press("enter")
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen)
        assert wb.buffer.given == frozenset({"payments"})
        assert wb.buffer.checked.errors == []
        await results_after(pilot, "ctrl+r")


async def test_the_same_design_without_its_challenge_says_what_it_calls_is_missing(tmp_path) -> None:
    from .conftest import ROOT

    design = tmp_path / "d.yaml"
    design.write_text((ROOT / "challenges/starters/double-charge.yaml").read_text())
    app = app_for(design)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen)
        [error] = wb.buffer.checked.errors
        assert "payments" in error.message
        wb.buffer.meet(app.load_challenge("double-charge"))  # the challenge at hand gives it
        assert wb.buffer.checked.errors == []
