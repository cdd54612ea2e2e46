"""What comes from a design or a challenge cannot reach outside it (issue 19.4, 19.10, 19.12,
19.13 in the app): a name used as a file name, markup in a name, a starting design linked out of
its folder, a FIFO given as a design, a run too big to finish."""

from __future__ import annotations

import os
from pathlib import Path

from playground.design.share import encode_share
from playground.tui.app import PlaygroundApp
from playground.tui.screens.home import HomeScreen
from playground.tui.screens.results import ResultsScreen
from playground.tui.screens.workbench import WorkbenchScreen
from tests.read_only import read_only

from .conftest import ROOT
from .test_data_safety import STARTER, design_file, listen
from .test_flows import SIZE, results_after

HOSTILE_NAME = STARTER.replace("name: first-crud-start", 'name: "../outside/st[/]arter"')


async def test_a_design_name_cannot_export_outside_the_folder_or_crash_the_app(
        tmp_path: Path, monkeypatch, fake_engine) -> None:
    """19.10 and 19.4: exporting (f8) wrote `../outside/...svg`; `[/]` in a name crashed the toasts."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    shared = PlaygroundApp(offer_recovery=False)
    async with shared.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shared.open_design(encode_share(HOSTILE_NAME), "first-crud")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        results = await results_after(pilot, "ctrl+r")
        assert "st[/]arter" in results.sub_title
        await pilot.press("f8")
        await pilot.pause()
    assert sorted(p.name for p in work.iterdir()) == ["outside-st-arter-results.json", "outside-st-arter.svg"]
    assert not (tmp_path / "outside").exists()


async def test_a_results_export_to_a_read_only_folder_is_said(tmp_path: Path, fake_engine) -> None:
    path = design_file(tmp_path)
    app = PlaygroundApp(path, "first-crud", offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = await results_after(pilot, "ctrl+r")
        with read_only(tmp_path):
            await pilot.press("f8")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and results is app.screen
        assert any(m.startswith("Not exported") and "first-crud-start-results.json" in m for m in told)


async def test_a_starting_design_linked_out_of_the_challenge_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: a secret someone linked to\n")
    pack = tmp_path / "pack"
    (pack / "starters").mkdir(parents=True)
    (pack / "starters" / "x.yaml").symlink_to(secret)
    text = (ROOT / "challenges/first-crud.yaml").read_text()
    (pack / "c.yaml").write_text(text.replace("starters/first-crud.yaml", "starters/x.yaml"))
    app = PlaygroundApp(offer_recovery=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.start_challenge(str(pack / "c.yaml"))
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen) and "secret" not in wb.buffer.text


async def test_a_run_too_big_to_finish_is_refused_with_what_to_lower(tmp_path: Path) -> None:
    """19.13: the app shares the CLI's estimate; it used to start and never end."""
    text = (ROOT / "challenges/first-crud.yaml").read_text()
    big = text.replace("- {duration_s: 30, rps: 300, ramp_s: 5}",
                       "- {duration_s: 80000, rps: 300, ramp_s: 5}")
    (tmp_path / "big.yaml").write_text(big)
    app = PlaygroundApp(design_file(tmp_path), str(tmp_path / "big.yaml"), offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        for _ in range(40):
            await pilot.pause(0.05)
            if any(m.startswith("Not run") for m in told):
                break
        [message] = [m for m in told if m.startswith("Not run")]
        assert "up to 24,000,500 attempts" in message and "at most 20,000,000" in message
        assert "lower traffic.phases' rps or duration_s" in message
        assert isinstance(app.screen, WorkbenchScreen)


async def test_a_fifo_or_a_device_opened_in_the_app_is_refused_without_waiting(tmp_path: Path) -> None:
    """19.12: opening a FIFO blocked the app for good; /dev/zero filled its memory."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    app = PlaygroundApp(offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_design(fifo)
        app.open_design(Path("/dev/zero"))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert [m for m in told if "is not a regular file" in m] == [
        f"{fifo}: is not a regular file (a device, a pipe or a socket); give the path of a YAML file",
        "/dev/zero: is not a regular file (a device, a pipe or a socket); give the path of a YAML file"]

