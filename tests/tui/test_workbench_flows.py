"""The workbench as a new user met it: share lines, leaving with unsaved edits, the brief and its
hints, the results' keys and history, the YAML's find and completion, the layouts."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Select, TabbedContent

from playground.design.share import decode_share, encode_share
from playground.tui.app import PlaygroundApp
from playground.tui.dialogs.choose import ChooseDialog
from playground.tui.dialogs.confirm import ConfirmDialog
from playground.tui.dialogs.open_file import OpenDialog
from playground.tui.dialogs.share import ShareDialog
from playground.tui.screens.home import HomeScreen, challenge_rows
from playground.tui.screens.workbench import WorkbenchScreen
from playground.tui.widgets.brief_pane import BriefPane
from playground.tui.widgets.find_bar import FindBar
from playground.tui.widgets.inspector import Inspector
from playground.tui.widgets.tick import Tick
from playground.tui.widgets.yaml_editor import YamlEditor

from .conftest import ROOT
from .test_flows import results_after, shown

SIZE = (100, 34)


def app_for(design: Path | str | None = None, challenge: str | None = None) -> PlaygroundApp:
    return PlaygroundApp(design, challenge, offer_recovery=False)


async def settle(pilot, n: int = 3) -> None:
    for _ in range(n):
        await pilot.pause()


async def open_typed(pilot, typed: str) -> OpenDialog:
    await pilot.press("o")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, OpenDialog)
    dialog.query_one("#open-path", Input).value = typed
    dialog.query_one("#open-path", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    return dialog


async def test_a_pasted_share_line_opens_as_an_unsaved_design() -> None:
    text = (ROOT / "designs/full-stack.yaml").read_text()
    line = encode_share(text)
    assert len(line) > 255
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_typed(pilot, line)
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen) and wb.buffer.text == text and wb.buffer.path is None


async def test_a_damaged_line_or_an_overlong_name_is_refused_in_the_dialog() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_typed(pilot, "pg1:cut-off!")
        assert app.screen is dialog
        assert "not a whole share line" in shown(dialog.query_one("#open-error"))
        dialog.query_one("#open-path", Input).value = "x" * 600 + ".yaml"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and "cannot open" in shown(dialog.query_one("#open-error"))


async def test_f5_shows_the_share_line_and_puts_it_on_the_clipboard(monkeypatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(PlaygroundApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    app = app_for(ROOT / "designs/starter.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ShareDialog)
        assert decode_share(dialog.line) == (ROOT / "designs/starter.yaml").read_text()
        assert copied == [dialog.line]
        assert dialog.query_one("#share-line").text == dialog.line


async def test_f6_submits_from_the_yaml_editor(fake_engine) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("first-crud"))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f2")
        assert isinstance(app.focused, YamlEditor)
        results = await results_after(pilot, "f6")
        assert "Attempt saved" in shown(results.query_one("#score"))
        assert results.sub_title.split(" · ")[0].endswith(" left")  # the clock runs on the results too


async def test_the_countdown_leads_the_header() -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen) and wb.sub_title.split(" · ")[0].endswith(" left")


async def test_leaving_with_unsaved_edits_asks_first(tmp_path: Path) -> None:
    design = tmp_path / "d.yaml"
    design.write_text((ROOT / "designs/starter.yaml").read_text())
    app = app_for(design)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        wb = app.screen
        await pilot.press("escape")  # nothing changed: straight home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.open_design(design)
        await settle(pilot)
        wb = app.screen
        await pilot.press("e")  # api is already the entry: pick db first
        await pilot.press("right")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert wb.buffer.model.entry == "db" and wb.buffer.dirty
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # stay
        await settle(pilot)
        assert app.screen is wb
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_results_scroll_by_keys_at_once_and_keep_the_history(fake_engine, tmp_path: Path) -> None:
    design = tmp_path / "d.yaml"
    design.write_text((ROOT / "challenges/starters/first-crud.yaml").read_text())
    app = app_for(design, "first-crud")
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        results = await results_after(pilot, "ctrl+r")
        assert "first run of this design" in shown(results.query_one("#score"))
        scroll = results.query_one("#tab-score").query_one(VerticalScroll)
        assert scroll.has_focus
        await pilot.press("pagedown")
        await settle(pilot)
        assert scroll.scroll_y > 0
        await pilot.press("escape")
        await settle(pilot)
        results = await results_after(pilot, "ctrl+r")
        assert "since the last run: no change" in shown(results.query_one("#score"))
        await pilot.press("5")
        await settle(pilot)
        assert results.query_one(TabbedContent).active == "tab-runs"
        assert results.query_one("#tab-runs").query_one(VerticalScroll).has_focus
        assert len(app.history.runs(str(design.resolve()), "first-crud")) == 2
        assert shown(results.query_one("#runs")).count("not passed") == 2


async def test_home_shows_the_highlighted_challenges_brief_and_every_row_at_120x40() -> None:
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        rows = challenge_rows()
        assert table.row_count == len(rows)
        assert table.size.height >= len(rows) + 1  # header and every row, no scrolling
        detail = shown(app.screen.query_one("#challenge-detail"))
        assert rows[0][1].title in detail and "to pass" in detail
        await pilot.press("down")
        await settle(pilot)
        assert rows[1][1].title in shown(app.screen.query_one("#challenge-detail"))


async def test_home_names_a_challenges_lessons_only_once_it_is_passed() -> None:
    app = app_for()
    rows = challenge_rows()
    cid, first = rows[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        detail = " ".join(shown(app.screen.query_one("#challenge-detail")).split())
        assert "its lessons show once you pass it" in detail
        assert not any(lesson in detail for lesson in first.teaches)
        app.scores.record(cid, "name: x\n", 91.0, True, 60.0, False)
        await pilot.press("down", "up")
        await settle(pilot)
        detail = " ".join(shown(app.screen.query_one("#challenge-detail")).split())
        assert all(lesson in detail for lesson in first.teaches)


async def test_the_brief_tab_keeps_every_hint_shown() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # first-crud, timed
        await settle(pilot)
        wb = app.screen
        hints = wb.challenge.model.hints
        await pilot.press("f3", "f3")
        await settle(pilot)
        panel = shown(wb.query_one("#hints"))
        assert f"2 of {len(hints)} shown" in panel and hints[0][:40] in panel and hints[1][:40] in panel
        assert hints[2][:40] not in panel
        await pilot.press("f2", "f2")
        await settle(pilot)
        assert wb.query_one(TabbedContent).active == "tab-brief" and isinstance(app.focused, BriefPane)
        assert "to pass" in shown(wb.query_one("#brief-text"))


async def test_a_file_that_does_not_load_opens_on_its_yaml_at_the_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    long_line = "# " + "a long comment that runs far to the right " * 8
    text = (ROOT / "designs/starter.yaml").read_text()
    broken.write_text(long_line + "\n" + text.replace("    workers: 8", "    workers: ["))
    app = app_for(broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 4)
        wb = app.screen
        editor = wb.query_one(YamlEditor)
        assert wb.query_one(TabbedContent).active == "tab-yaml" and editor.has_focus
        first = wb.buffer.checked.problems[0]
        assert editor.cursor_location[0] == first.line - 1
        assert editor.scroll_x == 0  # the jump did not scroll sideways


async def test_find_and_complete_in_the_yaml() -> None:
    app = app_for(ROOT / "designs/starter.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        wb = app.screen
        await pilot.press("f2", "ctrl+f")
        await settle(pilot)
        assert wb.query_one(FindBar).display
        await pilot.press(*"workers")
        await settle(pilot)
        editor = wb.query_one(YamlEditor)
        first = editor.selection
        assert editor.selected_text == "workers"
        await pilot.press("enter")
        await settle(pilot)
        assert editor.selected_text == "workers" and editor.selection.start[0] > first.start[0]
        await pilot.press("escape")
        await settle(pilot)
        assert editor.has_focus and not wb.query_one(FindBar).display
        row = editor.text.split("\n").index("    instances: 1")
        editor.move_cursor((row, 4))
        await pilot.press("ctrl+space")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChooseDialog)
        offered = [v for v, _, _ in dialog.choices]
        assert "queue_limit" in offered and "workers" not in offered and "kind" not in offered
        while dialog.query_one("#choose-list").highlighted != offered.index("queue_limit"):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"5")
        await settle(pilot)
        assert editor.text.split("\n")[row + 1] == "    queue_limit: 5"
        assert wb.buffer.model.component("api").queue_limit == 5


async def test_f4_cycles_the_layout_and_escape_gives_the_panes_back() -> None:
    app = app_for(ROOT / "designs/starter.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        wb = app.screen
        normal = wb.query_one(Inspector).size.width
        await pilot.press("f4")
        await settle(pilot)
        assert wb.query_one(Inspector).size.width > normal
        await pilot.press("f4")
        await settle(pilot)
        assert wb.maximized is wb.query_one("#wb-tabs")
        await pilot.press("f4")
        await settle(pilot)
        assert wb.maximized is wb.query_one(Inspector)
        await pilot.press("escape")
        await settle(pilot)
        assert wb.maximized is None and app.screen is wb


async def test_the_inspector_shows_whole_names_and_values_at_80_columns() -> None:
    app = app_for(ROOT / "designs/starter.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        wb = app.screen
        inspector = wb.query_one(Inspector)
        names = [label for label in inspector.query(".field-name")]
        assert all(label.size.width >= len(str(label.content)) for label in names)
        select = inspector.query_one("#f-service_time--distribution", Select)
        assert select.size.width >= len("exponential") + 3
        assert "ckout" not in str(inspector.query_one("#f-id", Input).value)


async def test_ticks_and_empty_boxes_not_two_xs() -> None:
    app = app_for(ROOT / "designs/starter.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ticks = list(app.screen.query(Tick))
        assert ticks
        for tick in ticks:
            glyph = tick._button.plain
            assert glyph[1] == ("✓" if tick.value else " ")


async def test_the_palette_has_no_doubles_and_no_cut_sentences() -> None:
    app = app_for(ROOT / "designs/full-stack.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for screen in (app.screen, app.screen_stack[-2]):
            names = [c.title for c in app.get_system_commands(screen)]
            names += [name for name, _, _ in screen.palette_commands()]
            assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
            helps = [h for _, h, _ in screen.palette_commands()]
            assert not [h for h in helps if h.rstrip().endswith(",")]
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
