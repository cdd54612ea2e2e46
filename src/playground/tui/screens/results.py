"""What a run showed: the score card with its reasons, charts over time with the faults marked, the
diagram coloured by utilization so the bottleneck stands out, and the slowest requests' hops."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from playground.design.files import safe_stem, write_atomic
from playground.design.model import Design
from playground.render.charts import run_charts
from playground.render.results import run_summary
from playground.render.scorecard import score_card
from playground.render.waterfall import waterfalls
from playground.tui.runner import Outcome
from playground.tui.widgets.diagram import DiagramView


def heat_of(result: dict[str, Any]) -> dict[str, float]:
    """Each component's utilization, raised to its error share when that is worse."""
    heat = {}
    for cid, c in (result.get("components") or {}).items():
        util = float(c.get("utilization") or 0)
        served = float(c.get("throughput_rps") or 0)
        errors = float(c.get("errors") or 0)
        duration = (result.get("series") or {}).get("t") or [1]
        share = errors / max(1.0, served * max(1.0, float(duration[-1])) + errors)
        heat[cid] = max(util, share)
    return heat


def utilization_table(result: dict[str, Any]) -> Text:
    rows = sorted((result.get("components") or {}).items(), key=lambda kv: -float(kv[1].get("utilization") or 0))
    out = Text()
    for cid, c in rows:
        util = float(c.get("utilization") or 0)
        colour = "red" if util >= 0.9 else "yellow" if util >= 0.7 else "green"
        out.append(f"{cid[:14]:<14} ", style="bold")
        out.append("█" * round(util * 10), style=colour)
        out.append("░" * (10 - round(util * 10)), style="dim")
        out.append(f" {util * 100:5.1f} %  {float(c.get('throughput_rps') or 0):8,.1f} req/s"
                   f"  queue {float(c.get('queue_length') or 0):6,.1f}")
        if c.get("errors"):
            out.append(f"  errors {int(c['errors']):,}", style="red")
        if c.get("hit_ratio") is not None:
            out.append(f"  hits {float(c['hit_ratio']) * 100:4.1f} %")
        out.append("\n")
    return out


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
        Binding("ctrl+e", "export_json", "Export JSON", id="results.export"),
        Binding("1", "tab('tab-score')", "Score", id="results.score"),
        Binding("2", "tab('tab-charts')", "Charts", id="results.charts"),
        Binding("3", "tab('tab-heat')", "Diagram", id="results.heat"),
        Binding("4", "tab('tab-traces')", "Traces", id="results.traces"),
        Binding("question_mark", "app.help", "Help", show=False, id="results.help"),
    ]

    def __init__(self, design: Design, challenge_title: str, outcome: Outcome, note: str = "",
                 export_dir: Path | None = None) -> None:
        super().__init__()
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
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.design.name} · {self.challenge_title}" + (
            f" · seed {self.outcome.seed}" if self.outcome.seed is not None else "")
        self.query_one("#heat-diagram", DiagramView).show(self.design, heat=heat_of(self.outcome.result))

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
            ("Export results as JSON", "ctrl+e", self.action_export_json),
            ("Back to the workbench", "escape", self.action_back),
            *[(f"Show {name}", key, lambda t=tab: self.action_tab(t)) for name, key, tab in (
                ("score", "1", "tab-score"), ("charts", "2", "tab-charts"),
                ("diagram by utilization", "3", "tab-heat"), ("slowest requests", "4", "tab-traces"))],
        ]
