"""The workbench checks a design for the challenge it is run in, as `playground run` does: the
world's parts may be called, what the world owns may not be set, and the problems are listed."""

from __future__ import annotations

from pathlib import Path

from playground.design.load import load_challenge
from playground.tui.document import DesignBuffer
from playground.tui.screens.workbench import WorkbenchScreen
from playground.tui.widgets.problems import ProblemList

from .test_flows import SIZE, app_for

CHALLENGE = """title: t
story: s
teaches: [x]
difficulty: easy
time_limit_min: 5
traffic: {phases: [{duration_s: 5, rps: 20}]}
world:
  given: [{id: payments, kind: external, latency: 30}]
"""
CALLS_IT = "name: d\nentry: api\ncomponents:\n  - {id: api, kind: service, calls: [payments]}\n"
SETS_PHYSICS = CALLS_IT.replace("calls: [payments]", "service_time: 1, calls: [payments]")


def _challenge(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text(CHALLENGE)
    return load_challenge(path)


def test_a_buffer_checked_for_a_challenge_may_call_its_given_parts(tmp_path: Path) -> None:
    buffer = DesignBuffer(CALLS_IT, tmp_path / "d.yaml")
    assert any("payments" in p.message for p in buffer.checked.errors)  # free play: nobody gives it
    buffer.against(_challenge(tmp_path))
    assert buffer.checked.ok
    buffer.update(SETS_PHYSICS)
    (error,) = buffer.checked.errors
    assert error.line == 4 and "service_time is the world's" in error.message
    buffer.against(None)
    assert not any("world" in p.message for p in buffer.checked.problems)


async def test_the_workbench_lists_what_the_world_refuses(tmp_path: Path, monkeypatch) -> None:
    design = tmp_path / "d.yaml"
    design.write_text(SETS_PHYSICS)
    challenge = _challenge(tmp_path)
    app = app_for(design)
    monkeypatch.setattr(app, "load_challenge", lambda cid: challenge)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen)
        wb._challenge_chosen("c")
        await pilot.pause()
        listed = wb.query_one(ProblemList)
        assert any("service_time is the world's" in p.message for p in listed.problems)
