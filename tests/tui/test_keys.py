"""Every key the footer advertises, in every focus context, does what the help says it does.

For each context (a screen with one widget focused) the footer's own list of keys is read
(`KeyBar.advertised()`), and each key is pressed in a fresh app put in that context; the effect
is checked against what the help promises for the key's action. A key that a focused widget
takes for itself (the collision this guards against: f6 in the YAML, ctrl+e in an input) fails
here. And every advertised key is in the help.
"""

from __future__ import annotations

import shutil
import stat
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList, TabbedContent

from playground.tui.app import PlaygroundApp
from playground.tui.dialogs.choose import ChooseDialog
from playground.tui.dialogs.confirm import ConfirmDialog
from playground.tui.dialogs.connect import ConnectDialog
from playground.tui.dialogs.help import HELP, HelpDialog
from playground.tui.dialogs.open_file import OpenDialog
from playground.tui.dialogs.prompt import PromptDialog
from playground.tui.dialogs.run import RunDialog
from playground.tui.dialogs.share import ShareDialog
from playground.tui.screens.home import HomeScreen
from playground.tui.screens.results import ResultsScreen
from playground.tui.screens.workbench import WorkbenchScreen
from playground.tui.widgets.brief_pane import BriefPane
from playground.tui.widgets.diagram import DiagramView
from playground.tui.widgets.find_bar import FindBar
from playground.tui.widgets.inspector import Inspector
from playground.tui.widgets.key_bar import Advertised, KeyBar
from playground.tui.widgets.problems import ProblemList
from playground.tui.widgets.yaml_editor import YamlEditor

from .conftest import ROOT

pytestmark = pytest.mark.slow
SIZE = (100, 30)  # every key of a context shows at this size; smaller draws faster


async def settle(pilot, n: int = 3) -> None:
    for _ in range(n):
        await pilot.pause()


# ---------------------------------------------------------------- the contexts

Setup = Callable[[Any, Path], Awaitable[None]]


def _design(tmp: Path) -> Path:
    path = tmp / "d.yaml"
    if not path.exists():
        shutil.copy(ROOT / "challenges/starters/first-crud.yaml", path)  # it runs in the world of first-crud
    return path


async def _home_table(pilot, tmp: Path) -> None:
    await settle(pilot)


async def _home_designs(pilot, tmp: Path) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#designs", OptionList).focus()
    await settle(pilot)


async def _timed(pilot, tmp: Path) -> None:
    """A timed attempt at first-crud (hint and submit apply), the diagram focused."""
    await settle(pilot)
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index("first-crud"))
    await pilot.press("enter")
    await settle(pilot)


async def _diagram(pilot, tmp: Path) -> None:
    pilot.app.open_design(_design(tmp), "first-crud")
    await settle(pilot)
    pilot.app.screen.query_one(DiagramView).select("api")
    await settle(pilot)


async def _yaml(pilot, tmp: Path) -> None:
    await _diagram(pilot, tmp)
    await pilot.press("f2")
    await settle(pilot)
    pilot.app.screen.query_one(YamlEditor).move_cursor((11, 4))


async def _inspector(pilot, tmp: Path) -> None:
    await _diagram(pilot, tmp)
    pilot.app.screen.query_one("#f-instances", Input).focus()
    await settle(pilot)


async def _problems(pilot, tmp: Path) -> None:
    broken = tmp / "broken.yaml"
    text = _design(tmp).read_text()
    assert "    workers: " in text
    broken.write_text(text.replace("    workers: ", "    workers: [", 1))
    pilot.app.open_design(broken)
    await settle(pilot)
    assert pilot.app.screen.buffer.checked.model is None
    pilot.app.screen.query_one(ProblemList).focus()
    await settle(pilot)


async def _brief(pilot, tmp: Path) -> None:
    await _diagram(pilot, tmp)
    pilot.app.screen.action_view("tab-brief")
    await settle(pilot)


async def _find(pilot, tmp: Path) -> None:
    await _yaml(pilot, tmp)
    await pilot.press("ctrl+f")
    await settle(pilot)


async def _results(pilot, tmp: Path) -> None:
    await _diagram(pilot, tmp)
    await pilot.press("ctrl+r")
    for _ in range(3000):  # a loaded machine grades slowly: up to a minute
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, ResultsScreen) and pilot.app.screen.is_mounted:
            break
    await settle(pilot)


CONTEXTS: dict[str, tuple[Setup, type]] = {
    "home table": (_home_table, DataTable),
    "home designs": (_home_designs, OptionList),
    "timed diagram": (_timed, DiagramView),
    "diagram": (_diagram, DiagramView),
    "yaml": (_yaml, YamlEditor),
    "inspector input": (_inspector, Input),
    "problems": (_problems, ProblemList),
    "brief": (_brief, BriefPane),
    "find": (_find, Input),
    "results": (_results, type(None)),
}


# ---------------------------------------------------------------- what each action must do

class Before:
    """What the app looked like before the key, for the checks that compare."""

    def __init__(self, app: PlaygroundApp) -> None:
        self.screen = app.screen
        self.stack = len(app.screen_stack)
        wb = app.screen if isinstance(app.screen, WorkbenchScreen) else None
        self.wb = wb
        self.text = wb.buffer.text if wb else None
        self.tab = wb.query_one(TabbedContent).active if wb else None
        self.hints = wb.hints_shown if wb else 0
        self.layout = wb.layout_step if wb else 0
        self.entry = wb.buffer.model.entry if wb and wb.buffer.model else None
        self.ids = list(wb.buffer.model.ids) if wb and wb.buffer.model else []


def _top(app: PlaygroundApp) -> Any:
    return app.screen


def expect(action: str, app: PlaygroundApp, before: Before, tmp: Path) -> str | None:
    """None if the action did what the help says; else what went wrong."""
    action = action.removeprefix("screen.")
    top = _top(app)
    wb = before.wb
    checks: dict[str, Callable[[], bool]] = {
        "app.help": lambda: isinstance(top, HelpDialog),
        "help": lambda: isinstance(top, HelpDialog),
        "quit": lambda: not app.is_running or app.return_code is not None,
        "command_palette": lambda: isinstance(top, CommandPalette),
        "new": lambda: isinstance(top, WorkbenchScreen) and top is not before.screen,
        "open": lambda: isinstance(top, OpenDialog),
        "command('add')": lambda: isinstance(top, ChooseDialog) and top.title_text == "Add a component",
        "command('connect')": lambda: isinstance(top, ConnectDialog),
        "command('disconnect')": lambda: isinstance(top, ChooseDialog) and "Remove a call" in top.title_text,
        "command('rename')": lambda: isinstance(top, PromptDialog) and top.title_text.startswith("Rename"),
        "command('delete')": lambda: wb is not None and wb.buffer.model is not None
        and len(wb.buffer.model.ids) == len(before.ids) - 1,
        "command('entry')": lambda: wb is not None and wb.buffer.model is not None
        and wb.buffer.model.entry == wb.selected,
        "command('inspect')": lambda: app.focused is not None and any(
            isinstance(a, Inspector) for a in app.focused.ancestors),
        "save": lambda: (isinstance(top, PromptDialog) and "Save" in top.title_text) if (
            wb and wb.buffer.path is None) else (wb is not None and not wb.buffer.dirty),
        "run": lambda: isinstance(top, RunDialog | ResultsScreen) or (  # no challenge yet: which?
            wb is not None and wb.challenge is None and isinstance(top, ChooseDialog)
            and top.title_text == "Run which challenge?"),
        "submit": lambda: isinstance(top, RunDialog | ResultsScreen),
        "toggle_view": lambda: wb is not None and wb.query_one(TabbedContent).active != before.tab,
        "view('tab-diagram')": lambda: wb is not None and wb.query_one(TabbedContent).active == "tab-diagram"
        and wb.query_one(DiagramView).has_focus,
        "hint": lambda: wb is not None and wb.hints_shown == before.hints + 1,
        "layout": lambda: wb is not None and wb.layout_step == before.layout + 1
        and wb.has_class("-wide-inspector"),
        "share": lambda: isinstance(top, ShareDialog) and top.line.startswith("pg1:"),
        "export_svg": lambda: any(tmp.glob("*.svg")) or any(Path.cwd().glob("*.svg")),
        "external_editor": lambda: wb is not None and wb.buffer.text.endswith("# edited outside\n"),
        "home": lambda: isinstance(top, HomeScreen | ConfirmDialog),
        "find": lambda: wb is not None and wb.query_one(FindBar).display
        and wb.query_one("#find-input", Input).has_focus,
        "complete": lambda: isinstance(top, ChooseDialog) and top.title_text == "Add a key here",
        "close": lambda: wb is not None and not wb.query_one(FindBar).display
        and wb.query_one(YamlEditor).has_focus,
        "back": lambda: isinstance(top, WorkbenchScreen),
        "export_json": lambda: any(Path.cwd().glob("*-results.json")),
    }
    if action.startswith("tab("):
        tab = action[len("tab('"):-2]
        ok = isinstance(top, ResultsScreen) and top.query_one(TabbedContent).active == tab
        return None if ok else f"the results did not show {tab}"
    check = checks.get(action)
    if check is None:
        return f"no expectation written for {action!r}: say what it must do"
    return None if check() else f"{action!r} did not do what the help says (top: {type(top).__name__})"


@pytest.fixture
def editor_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An $EDITOR that appends a line, as a person's editor would change the file."""
    script = tmp_path / "fake-editor"
    script.write_text("#!/bin/sh\nprintf '# edited outside\\n' >> \"$1\"\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    return script


async def _advertised(context: str, tmp: Path) -> list[Advertised]:
    setup, focused = CONTEXTS[context]
    app = PlaygroundApp(offer_recovery=False)
    async with app.run_test(size=SIZE) as pilot:
        await setup(pilot, tmp)
        if focused is not type(None):
            assert isinstance(app.focused, focused), f"{context}: focus is on {app.focused!r}"
        return app.screen.query_one(KeyBar).advertised()


def in_help(item: Advertised) -> bool:
    """Whether the help names the key (`1`-`5` names the results' tab keys)."""
    return f"`{item.key}`" in HELP or (item.key.isdigit() and "`1`-`5`" in HELP) or (
        item.key == "ctrl+@" and "`ctrl+space`" in HELP)


# Keys whose effect cannot be undone by closing what they opened get an app of their own; the
# others share one app per context, put back after each key (dialogs closed, focus restored).
FRESH = {"home", "quit", "back"}


async def _restore(pilot, screen: Any, focused: Any, find_open: bool, text: str | None,
                   selected: str | None) -> None:
    app = pilot.app
    for _ in range(100):  # a run in flight ends on the results screen: let it, then close it
        if not isinstance(app.screen, RunDialog):
            break
        await pilot.pause(0.02)
    while app.screen is not screen and len(app.screen_stack) > 1:
        app.pop_screen()
    await settle(pilot, 1)
    if isinstance(screen, WorkbenchScreen):
        screen.minimize()
        screen.layout_step = 0
        screen.remove_class("-wide-inspector")
        screen.hints_shown = 0
        bar = screen.query_one(FindBar)
        bar.display = find_open
        if text is not None and screen.buffer.text != text:  # a delete, an entry, $EDITOR
            screen.query_one(YamlEditor).replace_text(text)
            await settle(pilot, 2)
            screen.select(selected)
        if focused is not None and focused.is_attached:
            for pane in focused.ancestors:
                if getattr(pane, "id", "") in ("tab-diagram", "tab-yaml", "tab-brief"):
                    screen.query_one(TabbedContent).active = pane.id
    if focused is not None and focused.is_attached and not focused.has_focus:
        focused.focus()
    await settle(pilot, 1)


async def _press_and_check(pilot, item: Advertised, tmp: Path) -> str | None:
    app = pilot.app
    before = Before(app)
    await pilot.press(item.key)
    await settle(pilot, 2)
    if item.enabled:
        return expect(item.action, app, before, tmp)
    acted = app.screen is not before.screen or (before.wb and before.wb.buffer.text != before.text)
    return f"{item.action!r} is shown dim but acted" if acted else None


@pytest.mark.parametrize("context", list(CONTEXTS))
async def test_every_advertised_key_does_what_the_help_says(context, tmp_path: Path, monkeypatch,
                                                            fake_engine, editor_script) -> None:
    monkeypatch.chdir(tmp_path)
    setup, focused_type = CONTEXTS[context]
    failures: list[str] = []
    shared = PlaygroundApp(offer_recovery=False)
    async with shared.run_test(size=SIZE) as pilot:
        await setup(pilot, tmp_path)
        if focused_type is not type(None):
            assert isinstance(shared.focused, focused_type), f"{context}: focus is on {shared.focused!r}"
        keys = shared.screen.query_one(KeyBar).advertised()
        assert keys, f"{context}: the footer shows no keys"
        unexplained = [f"{k.shown} {k.description}" for k in keys if not in_help(k)]
        assert not unexplained, f"{context}: keys on the footer that the help does not name: {unexplained}"
        screen, focused = shared.screen, shared.focused
        wb = screen if isinstance(screen, WorkbenchScreen) else None
        find_open = wb is not None and wb.query_one(FindBar).display
        text, selected = (wb.buffer.text, wb.selected) if wb else (None, None)
        for item in keys:
            if item.action.removeprefix("screen.") in FRESH:
                continue
            problem = await _press_and_check(pilot, item, tmp_path)
            if problem:
                failures.append(f"{context}: {item.shown} ({item.description}): {problem}")
            for old in [*tmp_path.glob("*.svg"), *tmp_path.glob("*-results.json")]:
                old.unlink()
            await _restore(pilot, screen, focused, find_open, text, selected)
            assert shared.screen.query_one(KeyBar).advertised() == keys, f"{context}: not put back"
    for item in keys:
        if item.action.removeprefix("screen.") not in FRESH:
            continue
        app = PlaygroundApp(offer_recovery=False)
        async with app.run_test(size=SIZE) as pilot:
            await setup(pilot, tmp_path)
            problem = await _press_and_check(pilot, item, tmp_path)
            if problem:
                failures.append(f"{context}: {item.shown} ({item.description}): {problem}")
    assert not failures, "\n".join(failures)


async def test_the_footer_fits_quit_and_help_at_80_columns() -> None:
    app = PlaygroundApp(ROOT / "designs/full-stack.yaml", offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        shown = "\n".join(line.plain for line in bar.lines(bar.size.width))
        assert all(line.cell_len <= bar.size.width for line in bar.lines(bar.size.width))
        for text in ("^q Quit", "f1 Help", "^p palette", "^s Save", "^r Run", "esc Home"):
            assert text in shown
        assert bar.size.height == len(bar.lines(bar.size.width)) >= 2
