"""The app's flows driven through the Pilot: what a person does, and what they then see."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Input, OptionList, TabbedContent

from playground.design import bundled
from playground.design.load import load_challenge, load_design
from playground.design.typed import check_text
from playground.tui import recovery
from playground.tui.app import PlaygroundApp
from playground.tui.dialogs.choose import ChooseDialog
from playground.tui.dialogs.confirm import ConfirmDialog
from playground.tui.dialogs.prompt import PromptDialog
from playground.tui.dialogs.run import RunDialog
from playground.tui.screens.home import HomeScreen
from playground.tui.screens.results import ResultsScreen
from playground.tui.screens.workbench import WorkbenchScreen
from playground.tui.widgets.diagram import DiagramView
from playground.tui.widgets.problems import ProblemList
from playground.tui.widgets.yaml_editor import YamlEditor

from .conftest import ROOT

SIZE = (100, 34)


def shown(static) -> str:
    """The text a Static shows, as a person would read it."""
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


def app_for(design: Path | None = None, challenge: str | None = None) -> PlaygroundApp:
    return PlaygroundApp(design, challenge, offer_recovery=False)


async def results_after(pilot, key: str, wait_s: float = 10.0) -> ResultsScreen:
    """Press `key` (run or submit) and wait, up to `wait_s`, for the results screen."""
    await pilot.press(key)
    for _ in range(int(wait_s / 0.05)):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if isinstance(screen, ResultsScreen) and screen.is_mounted:  # pushed is not yet composed
            break
    assert isinstance(pilot.app.screen, ResultsScreen) and pilot.app.screen.is_mounted
    await pilot.pause()
    return pilot.app.screen


async def choose(pilot, value: str) -> None:
    """Pick `value` in the open ChooseDialog by moving to it and pressing enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChooseDialog)
    options = dialog.query_one(OptionList)
    target = [v for v, _, _ in dialog.choices].index(value)
    while options.highlighted != target:
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def test_home_lists_the_pack_the_examples_and_best_scores() -> None:
    app = app_for()
    app.scores.record("first-crud", "name: x\n", 64.0, False, 120.0, False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        pack = [p.stem for p in bundled.challenge_files()]
        assert sorted(str(k.value) for k in table.rows) == sorted(pack)
        levels = [str(table.get_row(k)[1]) for k in table.rows]
        order = ["warm-up", "easy", "medium", "hard"]
        assert levels == sorted(levels, key=order.index)  # easiest first
        assert str(table.get_row("first-crud")[3]) == "64"
        assert {str(table.get_row(cid)[3]) for cid in pack if cid != "first-crud"} == {"—"}
        designs = app.screen.query_one("#designs", OptionList)
        names = {Path(designs.get_option_at_index(i).id).name for i in range(designs.option_count)}
        assert {p.name for p in (ROOT / "designs").glob("*.yaml")} <= names


async def test_compose_a_design_from_the_palette() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # new design
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen)
        await pilot.press("a")
        await choose(pilot, "service")
        await pilot.press("a")  # with the service selected, the new database is called by it
        await choose(pilot, "database")
        # the command palette adds a kind too
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Add cache")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        checked = check_text(wb.buffer.text)
        model = checked.model
        assert model is not None and model.entry == "api"
        assert [c.kind for c in model.components] == ["service", "database", "cache"]
        assert [c.to for c in model.component("api").calls] == ["db"]
        assert [c.to for c in model.component("db").calls] == ["cache"]  # the selection called it
        assert wb.query_one(YamlEditor).text == wb.buffer.text
        assert set(wb.query_one(DiagramView).layout_.boxes) == {"api", "db", "cache"}
        # connect with the keys: select the service and make it call the cache for reads only
        wb.select("api")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.click("#connect-ops")  # focus the list of operations, tick "read"
        await pilot.press("enter")
        await pilot.click("#connect-target")
        await pilot.press("down", "enter")  # db, cache: the second is the cache
        await pilot.pause()
        calls = {c.to: c.ops for c in check_text(wb.buffer.text).model.component("api").calls}
        assert calls == {"db": None, "cache": ["read"]}
        await pilot.press("x")
        await choose(pilot, "db")
        assert [c.to for c in check_text(wb.buffer.text).model.component("api").calls] == ["cache"]


async def test_edit_a_field_in_the_inspector_validated_as_typed() -> None:
    app = app_for(ROOT / "designs/starter.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen) and wb.selected == "api"
        workers = wb.query_one("#f-workers", Input)
        workers.focus()
        await pilot.press("end", "backspace", "1", "2")
        await pilot.pause()
        text = wb.query_one(YamlEditor).text
        assert "    workers: 12\n" in text
        assert "    service_time: 4          # ms, exponential\n" in text  # comments kept
        assert check_text(text).model.component("api").workers == 12
        await pilot.press("backspace", "backspace", "0")
        await pilot.pause()
        assert workers.has_class("-invalid")
        error = workers.parent.parent.query_one(".field-error")
        assert error.display and "must be >= 1" in shown(error)
        # "1" on the way was valid and applied; "" and "0" were not: the file never holds a bad value
        assert "    workers: 1\n" in wb.query_one(YamlEditor).text
        await pilot.press("backspace", "6")
        await pilot.pause()
        assert not workers.has_class("-invalid")
        assert check_text(wb.buffer.text).model.component("api").workers == 6
        # a switch and a choice
        wb.query_one("#f-retry").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert check_text(wb.buffer.text).model.component("api").retry is not None
        assert wb.query("#f-retry--attempts")  # the form grew the retry's own fields


async def test_break_the_yaml_and_fix_it_text_is_never_lost() -> None:
    app = app_for(ROOT / "designs/starter.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        await pilot.press("f2")
        editor = wb.query_one(YamlEditor)
        assert wb.query_one(TabbedContent).active == "tab-yaml" and editor.has_focus
        original = editor.text
        row = original.splitlines().index("    workers: 8")
        editor.move_cursor((row, len("    workers: ")))
        await pilot.press("delete", "[")  # workers: [   -> not valid YAML
        await pilot.pause()
        problems = wb.query_one(ProblemList)
        assert problems.display and problems.problems
        broken = editor.text
        assert broken == original.replace("workers: 8", "workers: [")
        first = problems.problems[0]
        assert first.line is not None and first.line >= row + 1
        assert wb.query_one(DiagramView).design is not None  # the last good diagram stays
        # edits from the diagram are refused before a kind is even asked for, the text untouched
        await pilot.press("f2")
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is wb and editor.text == broken
        # a problem jumps the editor to its line
        problems.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert editor.has_focus and editor.cursor_location[0] == first.line - 1
        # fix it: the list clears, the model follows
        editor.move_cursor((row, len("    workers: ")))
        await pilot.press("delete", "1", "6")
        await pilot.pause()
        assert not problems.display
        assert wb.buffer.model.component("api").workers == 16


async def test_save_and_reopen(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("a")
        await choose(pilot, "service")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        field = app.screen.query_one(Input)
        field.value = "mine.txt"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)  # refused: not a .yaml name
        field.value = "mine.yaml"
        await pilot.press("enter")
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen) and not wb.buffer.dirty
        saved = (tmp_path / "mine.yaml").read_text()
        assert saved == wb.buffer.text
        assert load_design(tmp_path / "mine.yaml").model.ids == ["api"]
    assert str((tmp_path / "mine.yaml").resolve()) in app.settings.recent
    again = app_for(tmp_path / "mine.yaml")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.screen.query_one(YamlEditor).text == saved
        assert set(again.screen.query_one(DiagramView).layout_.boxes) == {"api"}


async def test_unsaved_work_is_recovered_on_the_next_start(tmp_path: Path) -> None:
    design = tmp_path / "d.yaml"
    design.write_text((ROOT / "designs/starter.yaml").read_text())
    app = app_for(design)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        await wb.apply(__import__("playground.design.edit", fromlist=["x"]).set_field, "name", "changed")
        wb.autosave()
        edited = wb.buffer.text
    assert [r.text for r in recovery.pending()] == [edited]
    assert "name: changed" not in design.read_text()  # the file itself was not touched
    again = PlaygroundApp()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(again.screen, WorkbenchScreen)
        assert again.screen.buffer.text == edited and again.screen.buffer.dirty


async def test_run_a_challenge_and_see_the_score(fake_engine, tmp_path: Path) -> None:
    design = tmp_path / "d.yaml"
    design.write_text((ROOT / "challenges/starters/first-crud.yaml").read_text())
    app = app_for(design, "first-crud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = await results_after(pilot, "ctrl+r")
        score = shown(results.query_one("#score"))
        assert "72" in score and "NOT PASSED" in score
        assert "p99 under 100 ms" in score  # the challenge's requirement, with its verdict
        assert "api is at 97 % utilization" in score
        await pilot.press("3")
        assert results.query_one(TabbedContent).active == "tab-heat"
        heat = results.query_one("#heat-diagram", DiagramView)
        assert heat.heat["db"] > 0.9 > heat.heat["api"]  # the saturated one is marked
        await pilot.press("f8")
        exported = json.loads((tmp_path / "first-crud-start-results.json").read_text())
        assert exported["score"]["scores"]["overall"] == 72.0
        assert exported["result"]["requests"]["total"] == 6000
        await pilot.press("escape")
        assert isinstance(app.screen, WorkbenchScreen)


async def test_a_run_can_be_cancelled_and_the_ui_keeps_answering(fake_engine) -> None:
    fake_engine.delay_s = 0.05  # a slice of 2,000 requests each 50 ms: seconds in all
    app = app_for(ROOT / "challenges/starters/first-crud.yaml", "first-crud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause(0.3)
        dialog = app.screen
        assert isinstance(dialog, RunDialog)
        assert 0 < dialog.query_one("#run-progress").progress < dialog.query_one("#run-progress").total
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, WorkbenchScreen)
        await pilot.pause(0.3)
        assert not isinstance(app.screen, ResultsScreen)


async def test_a_run_shows_progress_over_the_seeds(fake_engine) -> None:
    from playground.runs.slices import slice_ends

    challenge = load_challenge(ROOT / "challenges/first-crud.yaml").model
    slices = len(slice_ends(challenge.traffic, challenge.traffic.duration_s))
    fake_engine.delay_s = 1.5 / slices  # about 1.5 s a seed
    app = app_for(ROOT / "challenges/starters/first-crud.yaml", "first-crud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause(0.5)
        dialog = app.screen
        assert isinstance(dialog, RunDialog)
        status = str(dialog.query_one("#run-status").render())
        assert status.startswith("seed 1 of 5: simulated")
        assert 0 < dialog.query_one("#run-progress").progress < 20  # of 100: the first fifth
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, WorkbenchScreen)


async def test_timed_challenge_submit_records_the_best_score(fake_engine) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("first-crud"))
        await pilot.press("enter")
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen) and wb.attempt is not None
        assert "left" in wb.sub_title
        assert wb.buffer.model.name == "first-crud-start"
        await pilot.press("f3")
        assert wb.attempt.shown == 1
        await results_after(pilot, "f6")
        assert isinstance(app.screen, ResultsScreen)
        assert "Best score so far: 72" in shown(app.screen.query_one("#score"))
        [attempt] = app.scores.history("first-crud")
        assert Path(attempt.design_path).read_text() == wb.buffer.text
        await pilot.press("escape")
        await pilot.press("escape")  # the starting design was not edited: nothing to lose
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one(DataTable).get_row("first-crud")[3]) == "72"


async def test_a_click_selects_a_box_and_arrows_move() -> None:
    app = app_for(ROOT / "designs/read-replicas.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        view = wb.query_one(DiagramView)
        box = view.layout_.boxes["db"]
        await pilot.click("#diagram-canvas", offset=(box.x + 1 + 2, box.y + 1))  # +1: the padding
        await pilot.pause()
        assert wb.selected == "db" and view.has_focus
        assert wb.query_one("#f-id", Input).value == "db"
        await pilot.press("down")
        await pilot.pause()
        assert wb.selected == "db"  # alone in its column
        await pilot.press("right", "down")
        await pilot.pause()
        assert wb.selected == "replica-2"
        await pilot.press("left", "left", "left")
        await pilot.pause()
        assert wb.selected == "api"  # db, then cache, then the service that calls it


async def test_help_and_escape() -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpDialog"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpDialog"


async def test_run_a_challenge_with_the_real_engine(tmp_path: Path) -> None:
    """The app grades at every grading seed, and its card is the one `playground run` gives:
    the same grade as the runs package makes on its own executor."""
    from playground.runs.executors import SerialExecutor
    from playground.runs.plan import Entry, grade_all

    design = tmp_path / "d.yaml"
    design.write_text((ROOT / "challenges/starters/first-crud.yaml").read_text())
    challenge = load_challenge(ROOT / "challenges/first-crud.yaml").model
    entry = Entry("d", "first-crud", load_design(design).model, design.read_text(), challenge)
    expected = grade_all([entry], SerialExecutor())[0].to_dict()
    app = app_for(design, "first-crud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = await results_after(pilot, "ctrl+r", wait_s=60)
        assert results.outcome.card == expected
        assert results.outcome.seeds == 5 and results.outcome.seed == expected["worst"]["seed"]
        card = shown(results.query_one("#score"))
        assert f"score {expected['scores']['overall']:.0f}/100 (median of 5 seeds" in card
        for r in expected["requirements"]:
            assert r["name"] in card
        for s in expected["seeds"]:
            assert f"seed {s['seed']}" in card


async def test_a_passing_run_names_the_lessons_in_the_brief(tmp_path: Path) -> None:
    design = tmp_path / "d.yaml"
    design.write_text((ROOT / "challenges/solutions/first-crud.yaml").read_text())
    lessons = load_challenge(ROOT / "challenges/first-crud.yaml").model.teaches
    app = app_for(design, "first-crud")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        brief = " ".join(shown(app.screen.query_one("#brief-text")).split())
        assert "its lessons show once you pass it" in brief and lessons[0] not in brief
        results = await results_after(pilot, "ctrl+r", wait_s=60)
        assert results.outcome.card["passed"]
        await pilot.press("escape")
        await pilot.pause()
        brief = " ".join(shown(app.screen.query_one("#brief-text")).split())
        assert all(lesson in brief for lesson in lessons)


async def test_a_share_line_opens_as_an_unsaved_design() -> None:
    from playground.design.share import encode_share

    text = (ROOT / "designs" / "payments.yaml").read_text()
    app = app_for(encode_share(text))  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen)
        assert screen.buffer.path is None and screen.buffer.dirty
        assert screen.query_one(YamlEditor).text == text
