"""Home: the challenge pack with your best scores and the highlighted challenge's brief, recent
and example designs, new, open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from playground.design import bundled
from playground.design.load import load_challenge
from playground.design.problems import LoadError
from playground.render.brief import brief, brief_renderable, premise
from playground.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from playground.tui.app import PlaygroundApp

LEVELS = {"warm-up": "green", "easy": "green", "medium": "yellow", "hard": "red"}


ORDER = {"warm-up": 0, "easy": 1, "medium": 2, "hard": 3}


_PACK: dict[Path, tuple[int, Any]] = {}


def challenge_rows() -> list[tuple[str, Any]]:
    """(id, challenge model) for each challenge of the pack that loads, easiest first. Each file is
    read again only when it changes (parsing the whole pack takes a noticeable moment)."""
    rows = []
    for path in bundled.challenge_files():
        stamp = path.stat().st_mtime_ns
        cached = _PACK.get(path)
        if cached is None or cached[0] != stamp:
            try:
                cached = (stamp, load_challenge(path).model)
            except LoadError:
                cached = (stamp, None)
            _PACK[path] = cached
        if cached[1] is not None:
            rows.append((path.stem, cached[1]))
    return sorted(rows, key=lambda r: (ORDER.get(r[1].difficulty, 9), r[0]))


class HomeScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New design", id="home.new"),
        Binding("o", "open", "Open file", id="home.open"),
        Binding("question_mark", "app.help", "Help", show=False, id="home.help"),
    ]

    def compose(self):
        yield Header()
        with Horizontal(id="home-body"):
            with Vertical(id="home-left"):
                yield Label("Challenges — enter starts one, with its clock running", classes="section")
                yield DataTable(id="challenges", cursor_type="row", zebra_stripes=True)
                yield Label("Designs — recent first, then the examples", classes="section")
                yield OptionList(id="designs")
                with Horizontal(id="home-buttons"):
                    yield Button("New design", id="new", variant="primary", compact=True)
                    yield Button("Open file…", id="open", compact=True)
            with VerticalScroll(id="challenge-brief"):
                yield Static("", id="challenge-detail")
        yield KeyBar()

    _rows: list[tuple[str, Any]] = []  # noqa: RUF012 (replaced, never mutated)

    @property
    def playground(self) -> PlaygroundApp:
        return cast("PlaygroundApp", self.app)

    def on_mount(self) -> None:
        self.sub_title = "home"
        self.refresh_lists()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_lists()

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_lists)

    def refresh_lists(self) -> None:
        table = self.query_one(DataTable)
        kept = table.cursor_row
        table.clear(columns=True)
        best = self.playground.scores.best()
        rows = self._rows = challenge_rows()
        room = max(40, table.size.width or self.size.width) - 2  # less the scrollbar
        fixed = 8 + 7 + 5 + 2 * 4  # level, time, best, and each cell's padding of 2
        longest = max((len(ch.title) for _, ch in rows), default=10)
        teaches = room - fixed - 2 - longest >= 24  # the story column only where it can be read
        title_w = min(longest, room - fixed - (26 if teaches else 0))
        table.add_column("challenge", width=max(12, title_w))
        table.add_column("level", width=8)
        table.add_column("time", width=7)
        table.add_column("best", width=5)
        if teaches:
            table.add_column("story", width=max(12, room - fixed - title_w - 2))
        for cid, ch in rows:
            score = best.get(cid)
            cells: list[Any] = [
                Text(ch.title, style="bold", overflow="ellipsis", no_wrap=True),
                Text(ch.difficulty, style=LEVELS.get(ch.difficulty, "")),
                f"{ch.time_limit_min} min",
                f"{score:.0f}" if score is not None else "—",
            ]
            if teaches:
                cells.append(Text(premise(ch), overflow="ellipsis", no_wrap=True))
            table.add_row(*cells, key=cid)
        if rows:
            table.move_cursor(row=min(max(kept, 0), len(rows) - 1))
        designs = self.query_one(OptionList)
        designs.clear_options()
        seen = set()
        options = []
        for name in self.playground.settings.recent:
            path = Path(name)
            if path.is_file():
                seen.add(path.resolve())
                options.append(Option(Text.assemble((path.name, "bold"), ("  " + _short(path), "dim")), id=str(path)))
        for path in bundled.design_files():
            if path.resolve() not in seen:
                options.append(Option(Text.assemble((path.name, "bold"), ("  example", "dim")), id=str(path)))
        designs.add_options(options)
        if options:
            designs.highlighted = 0

    @on(DataTable.RowHighlighted, "#challenges")
    def _detail(self, event: DataTable.RowHighlighted) -> None:
        cid = str(event.row_key.value)
        found = dict(self._rows).get(cid)
        if found is not None:
            self.query_one("#challenge-detail", Static).update(brief_renderable(
                brief(cid, found), lessons=cid in self.playground.scores.passed()))
            self.query_one("#challenge-brief").scroll_home(animate=False)

    @on(DataTable.RowSelected, "#challenges")
    def _challenge(self, event: DataTable.RowSelected) -> None:
        self.playground.start_challenge(str(event.row_key.value))

    @on(OptionList.OptionSelected, "#designs")
    def _design(self, event: OptionList.OptionSelected) -> None:
        self.playground.open_design(Path(event.option.id or ""))

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        self.playground.new_design()

    @on(Button.Pressed, "#open")
    def action_open(self) -> None:
        self.playground.ask_open()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        cmds: list[tuple[str, str, Any]] = []  # new and open are the app's, on every screen
        for cid, ch in challenge_rows():
            cmds.append((f"Start challenge: {ch.title}", f"{ch.difficulty}, {ch.time_limit_min} min",
                         lambda cid=cid: self.playground.start_challenge(cid)))
        for path in bundled.design_files():
            cmds.append((f"Open example {path.stem}", str(path), lambda p=path: self.playground.open_design(p)))
        return cmds


def _short(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path.parent)
