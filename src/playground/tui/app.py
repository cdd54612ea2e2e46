"""The playground app: home, workbench, run and results, and how one leads to the next.

`playground` with no arguments calls `launch()`; `playground open DESIGN` calls it with a path.
The app holds no simulation logic: runs go through `playground.tui.runner`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from playground.design import bundled
from playground.design.files import read_text
from playground.design.load import Loaded, load_challenge
from playground.design.problems import LoadError
from playground.design.share import ShareError, decode_share, is_share_line
from playground.render.compare import figures
from playground.settings import Settings
from playground.tui import recovery
from playground.tui.commands import ScreenCommands
from playground.tui.dialogs.confirm import ConfirmDialog
from playground.tui.dialogs.help import HelpDialog
from playground.tui.dialogs.open_file import OpenDialog
from playground.tui.document import NEW_DESIGN, DesignBuffer
from playground.tui.history import RunHistory, design_key
from playground.tui.runner import Outcome
from playground.tui.scores import Scores
from playground.tui.screens.home import HomeScreen, challenge_rows
from playground.tui.screens.results import ResultsScreen
from playground.tui.screens.workbench import WorkbenchScreen
from playground.tui.screens.workbench.base import WorkbenchBase


class PlaygroundApp(App[int]):
    CSS_PATH = Path(__file__).with_name("playground.tcss")
    TITLE = "playground"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]  # noqa: RUF012 (typed by App; ClassVar here fails mypy)
    COMMANDS: ClassVar = App.COMMANDS | {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "help", "Help", id="app.help"),
    ]

    def __init__(self, design: Path | str | None = None, challenge: str | None = None,
                 settings: Settings | None = None, scores: Scores | None = None,
                 offer_recovery: bool = True) -> None:
        super().__init__()
        self.start_design = design
        self.start_challenge_ref = challenge
        self.settings = settings or Settings.load()
        self.scores = scores or Scores()
        self.history = RunHistory(self.scores.db)
        self.offer_recovery = offer_recovery

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Toasts carry paths, names and problems a person wrote, so none is read as markup: a
        `[/]` in a design's name must not crash the app."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.push_screen(HomeScreen())
        if self.scores.problem:
            self.notify(self.scores.problem, title="Scores", severity="warning", timeout=20)
        if self.start_design is not None:
            self.open_design(self.start_design, self.start_challenge_ref)
        elif self.start_challenge_ref is not None:
            self.start_challenge(self.start_challenge_ref)
        if self.offer_recovery:
            self.call_after_refresh(self._offer_recovery)

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "settings", None) is not None and theme != self.settings.theme:
            self.settings.theme = theme
            self._save_settings()

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError:
            self.notify("Could not save settings.", severity="warning")

    # ------------------------------------------------------------------ opening things

    def remember(self, path: Path) -> None:
        self.settings.remember(path)
        self._save_settings()

    def open_design(self, source: Path | str, challenge: str | None = None) -> None:
        """Open a design file, or a line `playground share` printed (as an unsaved design)."""
        shared = isinstance(source, str) and is_share_line(source)
        try:
            text = decode_share(str(source)) if shared else read_text(Path(source))
        except (LoadError, ShareError) as e:
            message = str(e.problems[0]) if isinstance(e, LoadError) else str(e)
            self.notify(message, title="Cannot open", severity="error")
            return
        loaded = self.load_challenge(challenge) if challenge else None
        if shared:
            buffer = DesignBuffer(text, None, saved=False)
        else:
            self.remember(Path(source))
            buffer = DesignBuffer(text, Path(source))
        self.push_screen(WorkbenchScreen(buffer, loaded, challenge))

    def new_design(self) -> None:
        self.push_screen(WorkbenchScreen(DesignBuffer(NEW_DESIGN, None, saved=False)))

    def ask_open(self) -> None:
        self.push_screen(OpenDialog(Path.cwd()), lambda p: self.open_design(p) if p else None)

    def load_challenge(self, ref: str) -> Loaded | None:
        try:
            return load_challenge(bundled.challenge_path(ref))
        except LoadError as e:
            self.notify(str(e.problems[0]), title="Cannot load the challenge", severity="error")
            return None

    def challenge_choices(self) -> list[tuple[str, str, str]]:
        return [(cid, ch.title, f"{ch.difficulty}, {ch.time_limit_min} min") for cid, ch in challenge_rows()]

    def start_challenge(self, ref: str) -> None:
        """A timed attempt: the challenge's starting design (or a blank one), the clock running."""
        loaded = self.load_challenge(ref)
        if loaded is None:
            return
        text, path = NEW_DESIGN, None
        if loaded.model.starting_design:
            folder = Path(loaded.file).parent.resolve()
            start = (folder / loaded.model.starting_design).resolve()
            if start.is_relative_to(folder):  # a link out of the folder is not followed
                with contextlib.suppress(LoadError):
                    text = read_text(start)
        cid = Path(ref).stem
        self.push_screen(WorkbenchScreen(DesignBuffer(text, path, saved=False), loaded, cid, timed=True))

    def _offer_recovery(self, found: list[recovery.Recovery] | None = None) -> None:
        """Offer each text a closed or crashed playground left, newest first, one at a time."""
        found = recovery.pending() if found is None else found
        if not found:
            return
        r, rest = found[0], found[1:]

        def answer(yes: bool | None) -> None:
            if yes:
                disk = None
                with contextlib.suppress(LoadError):
                    disk = read_text(r.source) if r.source else None
                buffer = DesignBuffer(r.text, r.source, saved=False, disk_text=disk, recovered=r.slot)
                self.push_screen(WorkbenchScreen(buffer))
            else:
                r.slot.discard()
            self._offer_recovery(rest)

        left = f" ({len(rest)} more after this one)" if rest else ""
        self.push_screen(ConfirmDialog(f"Recover unsaved changes to {r.describe()}?",
                                       f"Autosaved at {r.when()}, before that playground closed."
                                       f"{left}", yes="Recover", no="Discard"), answer)

    # ------------------------------------------------------------------ results

    def show_results(self, workbench: WorkbenchBase, outcome: Outcome, submitted: bool) -> None:
        note = ""
        if submitted and workbench.attempt is not None:
            card = outcome.card or {}
            score = float((card.get("scores") or {}).get("overall", 0))
            try:
                attempt = self.scores.record(workbench.attempt.challenge_id, workbench.buffer.text,
                                             score, bool(card.get("passed")),
                                             workbench.attempt.elapsed_s, workbench.attempt.left_s < 0)
            except (OSError, sqlite3.Error) as e:
                note = (f"The attempt was NOT saved ({e}). The design is still in the workbench: "
                        "submit again (f6) once there is room.")
                self.notify(note, title="Not saved", severity="error", timeout=15)
            else:
                best = self.scores.best().get(attempt.challenge, score)
                note = f"Attempt saved ({attempt.design_path}). Best score so far: {best:.0f}."
        design = workbench.buffer.checked.model or workbench.buffer.model
        if design is None:  # a run starts only from a design that loads; its text changed since
            self.notify("The design no longer loads, so its results cannot be shown.", severity="warning")
            return
        title = workbench.challenge.model.title if workbench.challenge else ""
        export_dir = workbench.buffer.path.parent if workbench.buffer.path else Path.cwd()
        key = design_key(workbench.buffer.path, workbench.buffer.name)
        challenge = workbench.challenge_id or title
        try:
            self.history.record(key, challenge, outcome.seed, figures(outcome.result, outcome.card),
                                workbench.buffer.text)
            runs = self.history.runs(key, challenge)
        except sqlite3.Error as e:  # a full disk: the results still show, the design stays
            runs = []
            self.notify(f"This run is not kept in the design's history ({e}).", title="Runs",
                        severity="warning")
        clock = workbench.attempt.clock if workbench.attempt is not None else None
        self.push_screen(ResultsScreen(design, title, outcome, note, export_dir, runs=runs, clock=clock))

    # ------------------------------------------------------------------ everywhere

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and how the playground works (f1)", self.action_help)
        yield SystemCommand("New design", "Start from an empty design", self.new_design)
        yield SystemCommand("Open a design file", "Pick a YAML file", self.ask_open)


def launch(design: str | Path | None = None, challenge: str | None = None) -> int:
    """Run the app on a design file or share line, if given; the exit status for the command line."""
    app = PlaygroundApp(design, challenge)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(launch())
