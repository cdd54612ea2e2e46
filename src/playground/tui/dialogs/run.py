"""Run a challenge in a worker thread, seed after seed: a progress bar over the seeds, a cancel
button, the UI never waits.

The worker only posts messages (progress replaces stale progress); the dialog closes with the
outcome, or with None when cancelled or failed.
"""

from __future__ import annotations

import time

from textual import on, work
from textual.containers import Vertical
from textual.widgets import Button, Label, ProgressBar, Static
from textual.worker import get_current_worker

from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.tui import runner
from playground.tui.dialogs.base import Dialog
from playground.tui.messages import RunFailed, RunFinished, RunProgress
from playground.tui.runner import Outcome


class RunDialog(Dialog[Outcome]):
    def __init__(self, design: Design, challenge: Challenge, title: str, seed: int | None) -> None:
        super().__init__()
        self.design = design
        self.challenge = challenge
        self.title_text = title
        self.seed = seed
        self.started = 0.0

    def compose(self):
        with Vertical(classes="dialog"):
            yield Label(f"Running {self.title_text}", classes="dialog-title", markup=False)
            yield ProgressBar(total=100, show_eta=False, id="run-progress")
            yield Static("starting…", id="run-status")
            yield Button("Cancel", id="run-cancel")

    def on_mount(self) -> None:
        self.started = time.monotonic()
        self.simulate()

    @work(thread=True, exclusive=True, group="run")
    def simulate(self) -> None:
        worker = get_current_worker()
        try:
            outcome = runner.run(
                self.design, self.challenge, self.seed,
                progress=lambda step: self.post_message(RunProgress(step)),
                cancelled=lambda: worker.is_cancelled,
            )
        except runner.Cancelled:
            return
        except runner.Refused as e:
            self.post_message(RunFailed(f"Not run: {e}"))
            return
        except Exception as e:  # the engine's own failure, shown rather than crashing the app
            self.post_message(RunFailed(f"the run failed: {type(e).__name__}: {e}"))
            return
        self.post_message(RunFinished(outcome))

    @on(RunProgress)
    def _progress(self, event: RunProgress) -> None:
        step = event.step
        self.query_one(ProgressBar).update(total=100, progress=round(100 * step.fraction, 1))
        seed = f"seed {step.index + 1} of {step.seeds}: " if step.seeds > 1 else ""
        self.query_one("#run-status", Static).update(
            f"{seed}simulated {step.now:,.1f} s of {step.end:,.0f} s")

    @on(RunFinished)
    def _finished(self, event: RunFinished) -> None:
        self.dismiss(event.outcome)

    @on(RunFailed)
    def _failed(self, event: RunFailed) -> None:
        self.notify(event.reason, title="Run failed", severity="error", timeout=8)
        self.dismiss(None)

    @on(Button.Pressed, "#run-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "run")
        self.dismiss(None)
