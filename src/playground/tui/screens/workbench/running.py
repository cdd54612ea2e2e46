"""Running the challenge against the design, and a timed attempt's submit and hints."""

from __future__ import annotations

from playground.tui.dialogs.choose import ChooseDialog
from playground.tui.dialogs.run import RunDialog
from playground.tui.runner import Outcome
from playground.tui.screens.workbench.base import WorkbenchBase
from playground.tui.widgets.brief_pane import BriefPane
from playground.tui.widgets.problems import ProblemList


class ChallengeRunning(WorkbenchBase):
    def action_run(self, submit: bool = False) -> None:
        model = self.buffer.checked.model
        if model is None or self.buffer.checked.errors:
            self.notify(f"Fix the {len(self.buffer.checked.errors)} problem(s) listed before running.",
                        severity="warning")
            return
        if self.challenge is None:
            self.app.push_screen(ChooseDialog("Run which challenge?", self.playground.challenge_choices()),
                                 self._challenge_chosen)
            return
        seed = None  # every seed that grades the challenge
        title = self.challenge.model.title

        def done(outcome: Outcome | None) -> None:
            if outcome is not None:
                if (outcome.card or {}).get("passed"):
                    self.lessons_earned.add(self.challenge_id or "")
                    self.show_brief()  # passed: the Brief tab names what it taught
                self.playground.show_results(self, outcome, submit)

        self.app.push_screen(RunDialog(model, self.challenge.model, title, seed), done)

    def _challenge_chosen(self, challenge_id: str | None) -> None:
        if challenge_id is None:
            return
        self.challenge, self.challenge_id = self.playground.load_challenge(challenge_id), challenge_id
        self.hints_shown = 0
        self.buffer.against(self.challenge)
        self.query_one(ProblemList).show(self.buffer.checked.problems)
        self._title()
        self.show_brief()
        if self.challenge is not None:
            self.action_run()

    def action_submit(self) -> None:
        if self.attempt is None:
            self.notify("Submitting is for a timed challenge: start one from the home screen.")
            return
        self.action_run(submit=True)

    def action_hint(self) -> None:
        """The next hint, kept in the Brief tab with the ones before it."""
        hints = self.challenge.model.hints if self.challenge else []
        if not hints:
            self.notify("This challenge has no hints.")
            return
        index = min(self.hints_shown, len(hints) - 1)
        self.hints_shown = min(len(hints), self.hints_shown + 1)
        if self.attempt:
            self.attempt.shown = self.hints_shown
        self.show_brief()
        self.notify(hints[index], title=f"Hint {index + 1} of {len(hints)} (kept in the Brief tab)",
                    timeout=20)

    def show_brief(self) -> None:
        model = self.challenge.model if self.challenge is not None else None
        lessons = self.challenge_id in self.lessons_earned | self.playground.scores.passed()
        self.query_one(BriefPane).show(self.challenge_id, model, self.hints_shown, lessons)
