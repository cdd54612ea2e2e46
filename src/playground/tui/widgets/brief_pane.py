"""The workbench's Brief tab: what the challenge asks for, and the hints shown so far, which stay
(a toast vanishes; a hint is worth reading twice)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from playground.design.challenge import Challenge
from playground.render.brief import brief, brief_renderable


class BriefPane(VerticalScroll):
    def compose(self):
        yield Static("", id="hints")  # first: a hint just asked for is read at once
        yield Static("", id="brief-text")

    def show(self, challenge_id: str | None, challenge: Challenge | None, hints_shown: int,
             lessons: bool = False) -> None:
        """`lessons`: the challenge was passed, so what it teaches may be named."""
        text = self.query_one("#brief-text", Static)
        hints = self.query_one("#hints", Static)
        if challenge is None:
            text.update(Text("No challenge yet: ctrl+r asks which one to run, and its brief shows here.",
                             style="dim"))
            hints.update("")
            return
        text.update(brief_renderable(brief(challenge_id or "", challenge), lessons=lessons))
        total = len(challenge.hints)
        if not total:
            hints.update(Text("This challenge has no hints.", style="dim"))
            return
        head = f"hints ({hints_shown} of {total} shown; f3 shows the next)"
        if not hints_shown:
            hints.update(Text(head, style="dim"))
            return
        lines: list[Text] = [Text(head, style="bold")]
        for k, hint in enumerate(challenge.hints[:hints_shown], 1):
            lines.append(Text.assemble(f"  {k}. ", (hint, "")))
        hints.update(Group(*lines))
