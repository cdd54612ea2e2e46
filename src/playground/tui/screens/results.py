"""What a run showed: the score card with its reasons, charts over time with the faults marked, the
diagram coloured by utilization so the bottleneck stands out, and the slowest requests' hops."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from playground.design.files import safe_stem, write_atomic
from playground.design.model import Design
from playground.render.charts import run_charts
from playground.render.compare import change_line, figures
from playground.render.results import run_summary
from playground.render.scorecard import score_card
from playground.render.utilization import heat_of, utilization_table
from playground.render.waterfall import waterfalls
from playground.tui.history import Run, run_table
from playground.tui.runner import Outcome
from playground.tui.widgets.diagram import DiagramView
from playground.tui.widgets.key_bar import KeyBar


class _Wide(Static):
    """A Static that draws its renderable again at its own width when resized."""

    def __init__(self, draw, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draw = draw

    def on_resize(self, event: events.Resize) -> None:
        self.update(self.draw(max(40, event.size.width - 1)))


class ResultsScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="results.back"),
        Binding("f8", "export_json", "Export JSON", id="results.export"),
        Binding("1", "tab('tab-score')", "Score", id="results.score"),
        Binding("2", "tab('tab-charts')", "Charts", id="results.charts"),
        Binding("3", "tab('tab-heat')", "Diagram", id="results.heat"),
        Binding("4", "tab('tab-traces')", "Traces", id="results.traces"),
        Binding("5", "tab('tab-runs')", "Runs", id="results.runs"),
        Binding("question_mark", "app.help", "Help", show=False, id="results.help"),
    ]

    def __init__(self, design: Design, challenge_title: str, outcome: Outcome, note: str = "",
                 export_dir: Path | None = None, runs: list[Run] | None = None,
                 clock: Callable[[], str] | None = None) -> None:
        """`runs`: this design's runs against this challenge, oldest first, this one last;
        `clock`: the timed attempt's countdown, shown in the header."""
        super().__init__()
        self.runs = runs or []
        self.clock = clock
        self.design = design
        self.challenge_title = challenge_title
        self.outcome = outcome
        self.note = note
        self.export_dir = export_dir or Path.cwd()

    def compose(self):
        result, card = self.outcome.result, self.outcome.card
        yield Header()
        with TabbedContent(id="results-tabs", initial="tab-score"):
            with TabPane("Score", id="tab-score"), VerticalScroll():
                parts: list[Any] = []
                if self.note:
                    parts += [Text(self.note, style="bold"), Text("")]
                before = self.runs[-2].figures if len(self.runs) >= 2 else None
                parts += [change_line(before, figures(result, card)), Text("")]
                parts.append(score_card(card))
                parts += [Text(""), run_summary(result)]
                yield Static(Group(*parts), id="score")
            with TabPane("Charts", id="tab-charts"), VerticalScroll():
                yield _Wide(lambda w: run_charts(result, w), id="charts")
            with TabPane("Diagram", id="tab-heat"), VerticalScroll():
                view = DiagramView(id="heat-diagram")
                yield view
                yield Static(utilization_table(result), id="utilization")
            with TabPane("Slowest requests", id="tab-traces"), VerticalScroll():
                yield _Wide(lambda w: waterfalls(result.get("traces") or [], 5, w), id="traces")
            with TabPane("Runs", id="tab-runs"), VerticalScroll():
                yield Static(run_table(self.runs), id="runs")
        yield KeyBar()

    def on_mount(self) -> None:
        self._title()
        if self.clock is not None:
            self.set_interval(1.0, self._title)
        self.query_one("#heat-diagram", DiagramView).show(self.design, heat=heat_of(self.outcome.result))
        self._focus_tab()

    def _title(self) -> None:
        parts = [self.design.name, self.challenge_title]
        if self.outcome.seeds > 1:
            parts.append(f"{self.outcome.seeds} seeds, the worst {self.outcome.seed} shown")
        elif self.outcome.seed is not None:
            parts.append(f"seed {self.outcome.seed}")
        if self.clock is not None:
            parts.insert(0, self.clock())
        self.sub_title = " · ".join(p for p in parts if p)

    def _focus_tab(self) -> None:
        """The open tab's scroll takes the keys, so arrows and page keys scroll it at once."""
        pane = self.query_one(TabbedContent).active_pane
        if pane is not None:
            pane.query_one(VerticalScroll).focus()

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self.call_after_refresh(self._focus_tab)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_export_json(self) -> None:
        target = self.export_dir / f"{safe_stem(self.design.name)}-results.json"
        data = {"design": self.design.name, "challenge": self.challenge_title, "seed": self.outcome.seed,
                "result": self.outcome.result, "score": self.outcome.card}
        try:
            write_atomic(target, json.dumps(data, indent=2) + "\n")
        except OSError as e:
            self.notify(f"Not exported: {e}", severity="error")
            return
        self.notify(f"Results written to {target}.")

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            ("Export results as JSON", "f8", self.action_export_json),
            ("Back to the workbench", "escape", self.action_back),
            *[(f"Show {name}", key, lambda t=tab: self.action_tab(t)) for name, key, tab in (
                ("score", "1", "tab-score"), ("charts", "2", "tab-charts"),
                ("diagram by utilization", "3", "tab-heat"), ("slowest requests", "4", "tab-traces"),
                ("this design's runs", "5", "tab-runs"))],
        ]
