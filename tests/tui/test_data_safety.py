"""Nothing a person typed or saved is lost (issue 19.7-19.11), driven through the Pilot: a full
disk, a read-only data directory, a damaged scores database, two playgrounds on one file."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground import locations
from playground.design import edit, files
from playground.tui import recovery
from playground.tui.app import PlaygroundApp
from playground.tui.dialogs.confirm import ConfirmDialog
from playground.tui.history import RunHistory
from playground.tui.screens.home import HomeScreen
from playground.tui.screens.workbench import WorkbenchScreen
from tests.read_only import read_only

from .conftest import ROOT
from .test_flows import SIZE, results_after, shown

STARTER = (ROOT / "challenges/starters/first-crud.yaml").read_text()  # it runs in the world of first-crud


def listen(app: PlaygroundApp) -> list[str]:
    """Every message the app shows in a toast, kept after the toast has gone."""
    told: list[str] = []
    original = app.notify

    def notify(message: str, **kw: object) -> None:
        told.append(message)
        original(message, **kw)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return told


@contextlib.contextmanager
def full_disk(monkeypatch: pytest.MonkeyPatch, under: Path) -> Iterator[None]:
    """Every new file under `under` fails as on a full disk (ENOSPC); elsewhere writes work."""
    real = tempfile.mkstemp

    def mkstemp(*args: object, dir: str | None = None, **kw: object) -> tuple[int, str]:
        if dir is not None and Path(dir).resolve().is_relative_to(under.resolve()):
            raise OSError(errno.ENOSPC, "No space left on device", dir)
        return real(*args, dir=dir, **kw)  # type: ignore[call-overload]

    with monkeypatch.context() as m:
        m.setattr(files.tempfile, "mkstemp", mkstemp)
        yield


def design_file(tmp_path: Path, text: str = STARTER) -> Path:
    path = tmp_path / "d.yaml"
    path.write_text(text)
    return path


# ------------------------------------------------------------------------------------ full disk


async def test_a_full_disk_on_autosave_is_said_once_and_the_work_kept(tmp_path: Path, monkeypatch) -> None:
    app = PlaygroundApp(design_file(tmp_path), offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen)
        await wb.apply(edit.set_field, "name", "edited")
        with full_disk(monkeypatch, locations.recovery_dir()):
            wb.autosave()
            wb.autosave()
            await pilot.pause()
            assert isinstance(app.screen, WorkbenchScreen) and app.return_code is None
            failed = [m for m in told if m.startswith("Autosave failed")]
            assert len(failed) == 1 and "No space left on device" in failed[0]
            assert "kept in memory" in failed[0]
            assert "name: edited" in wb.buffer.text and wb.buffer.dirty
        wb.autosave()  # room again: the next tick keeps the text
        assert any(m.startswith("Autosave works again") for m in told)
        assert "name: edited" in wb.keeper.slot.body.read_text()


async def test_a_full_disk_on_save_names_the_design_not_a_temporary(tmp_path: Path, monkeypatch) -> None:
    path = design_file(tmp_path)
    app = PlaygroundApp(path, offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        await wb.apply(edit.set_field, "name", "edited")
        with full_disk(monkeypatch, tmp_path):
            await pilot.press("ctrl+s")
            await pilot.pause()
        [message] = [m for m in told if m.startswith("Not saved")]
        assert str(path) in message and ".tmp" not in message
        assert path.read_text() == STARTER and wb.buffer.dirty


async def test_a_full_disk_on_submit_shows_the_results_and_keeps_the_attempt_to_retry(
        fake_engine, monkeypatch) -> None:
    app = PlaygroundApp(offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.start_challenge("first-crud")
        await pilot.pause()
        wb = app.screen
        assert isinstance(wb, WorkbenchScreen) and wb.attempt is not None
        with full_disk(monkeypatch, locations.attempts_dir()):
            results = await results_after(pilot, "f6")
        assert "The attempt was NOT saved" in shown(results.query_one("#score"))
        assert any("No space left on device" in m for m in told)
        assert app.scores.history("first-crud") == []
        assert list(locations.attempts_dir().rglob("*.yaml")) == []  # no empty claim left
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is wb
        await results_after(pilot, "f6")  # room again: submit once more
        [attempt] = app.scores.history("first-crud")
        assert Path(attempt.design_path).read_text() == wb.buffer.text


async def test_a_run_the_history_cannot_keep_still_shows_its_results(
        tmp_path: Path, monkeypatch, fake_engine) -> None:
    """The runs table shares the scores' file: a disk that fills between runs must not cost the
    run's results or the design."""
    def full(*args: object, **kw: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(RunHistory, "record", full)
    app = PlaygroundApp(design_file(tmp_path), "first-crud", offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        await results_after(pilot, "ctrl+r")
        assert any("not kept in the design's history" in m and "disk is full" in m for m in told)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is wb and app.return_code is None


# ---------------------------------------------------------------------- read-only data directory


async def test_a_read_only_data_directory_starts_and_says_what_is_not_kept(
        tmp_path: Path, private_home: Path, fake_engine) -> None:
    folders = [locations.data_dir(), locations.recovery_dir(), locations.attempts_dir()]
    with read_only(*folders):
        app = PlaygroundApp(design_file(tmp_path), "first-crud")
        told = listen(app)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert any("cannot be opened for writing" in m and "kept in memory" in m for m in told)
            wb = app.screen
            assert isinstance(wb, WorkbenchScreen)
            await wb.apply(edit.set_field, "name", "edited")
            wb.autosave()
            assert any(m.startswith("Autosave failed") for m in told)
            await results_after(pilot, "ctrl+r")  # a run needs no disk
            await pilot.press("escape")
            await pilot.press("ctrl+s")  # the design's own folder is writable
            await pilot.pause()
            assert "name: edited" in (tmp_path / "d.yaml").read_text()
        assert app.return_code in (None, 0)
    assert [p.name for p in locations.data_dir().iterdir()] in ([], ["recovery", "attempts"],
                                                               ["attempts", "recovery"])


# --------------------------------------------------------------------------- the scores database


@pytest.mark.parametrize("damage", ["garbage", "another schema"])
async def test_a_damaged_scores_database_is_moved_aside_and_the_app_starts(damage: str) -> None:
    db = locations.scores_db()
    if damage == "garbage":
        db.write_bytes(b"this is not a database, it was cut in half by a crash" * 50)
    else:
        with contextlib.closing(sqlite3.connect(db)) as con, con:
            con.execute("create table attempts (who text, what text)")
            con.execute("insert into attempts values ('someone', 'something')")
    before = db.read_bytes()
    app = PlaygroundApp(offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        [message] = [m for m in told if str(db) in m]
        [aside] = db.parent.glob("scores.sqlite3.damaged-*")
        assert aside.name in message and aside.read_bytes() == before
        app.scores.record("first-crud", "name: x\n", 50.0, False, 60.0, False)
        assert app.scores.best() == {"first-crud": 50.0}


# ---------------------------------------------------------------------------------- two instances


HOLDER = """
import sys
from pathlib import Path
from playground.tui.recovery import Slot
slot, _ = Slot.claim(Path(sys.argv[1]))
slot.save(sys.argv[2], "theirs")
print(slot.key, flush=True)
sys.stdin.read()
"""


@pytest.fixture
def other_playground(private_home: Path) -> Iterator[object]:
    """Another playground process that has a file open (its recovery slot held, text in it)."""
    procs: list[subprocess.Popen[str]] = []

    def start(path: Path, text: str) -> str:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PLAYGROUND_HOME": str(private_home)}
        proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), text], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        return proc.stdout.readline().strip()  # type: ignore[union-attr]

    yield start
    for proc in procs:
        proc.communicate("")


async def test_two_playgrounds_on_one_file_are_told_and_keep_their_own_recovery(
        tmp_path: Path, other_playground) -> None:
    path = design_file(tmp_path)
    their_key = other_playground(path, "name: theirs\n")
    app = PlaygroundApp(path, offer_recovery=False)
    told = listen(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("is open in another playground too (process" in m for m in told)
        wb = app.screen
        await wb.apply(edit.set_field, "name", "mine")
        wb.autosave()
        assert wb.keeper.slot.key != their_key
        theirs = recovery.Slot(their_key, path.resolve())
        assert theirs.body.read_text() == "name: theirs\n"  # not overwritten
        assert "name: mine" in wb.keeper.slot.body.read_text()


async def test_a_save_over_a_file_changed_on_disk_asks_first(tmp_path: Path) -> None:
    """19.9: the other playground saved while this one had the file open."""
    path = design_file(tmp_path)
    app = PlaygroundApp(path, offer_recovery=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wb = app.screen
        await wb.apply(edit.set_field, "name", "mine")
        theirs = STARTER.replace("name: first-crud-start", "name: theirs")
        path.write_text(theirs)  # the other one's save
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and "changed on disk" in dialog.question
        await pilot.press("n")
        await pilot.pause()
        assert path.read_text() == theirs and wb.buffer.dirty  # kept theirs, and mine in memory
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "name: mine" in path.read_text() and not wb.buffer.dirty
        await pilot.press("ctrl+s")  # nothing changed on disk since: no question
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)


async def test_two_unsaved_designs_are_recovered_one_by_one_named_with_their_time() -> None:
    """19.9: all unsaved designs shared one recovery file; the second overwrote the first."""
    for name in ("first-idea", "second-idea"):
        app = PlaygroundApp(offer_recovery=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.new_design()
            await pilot.pause()
            await app.screen.apply(edit.set_field, "name", name)
    again = PlaygroundApp()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        questions = []
        for _ in range(2):
            dialog = again.screen
            assert isinstance(dialog, ConfirmDialog)
            questions.append(dialog.question + " " + dialog.detail)
            await pilot.press("n")
            await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
    today = time.strftime("%Y-%m-%d")
    assert sorted(q.split(" to ")[1].split(",")[0] for q in questions) == ["first-idea", "second-idea"]
    assert all("a new design never saved" in q and f"on {today}" in q for q in questions)
    assert recovery.pending() == []


RECORDER = """
import sys
from pathlib import Path
from playground.tui.scores import Scores
scores = Scores(Path(sys.argv[1]), Path(sys.argv[2]))
sys.stdin.readline()  # both start together
for i in range(int(sys.argv[4])):
    scores.record("first-crud", f"{sys.argv[3]} {i}\\n", 1.0, False, 1.0, False, now=1000.0)
"""


def test_two_processes_recording_in_the_same_second_keep_every_attempt(tmp_path: Path) -> None:
    """19.11: a file name chosen by `exists()` then written raced; two of 600 were overwritten."""
    db, folder, n = tmp_path / "s.sqlite3", tmp_path / "attempts", 150
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [subprocess.Popen([sys.executable, "-c", RECORDER, str(db), str(folder), who, str(n)],
                              env=env, stdin=subprocess.PIPE, text=True) for who in ("a", "b")]
    for proc in procs:
        proc.stdin.write("go\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0]
    from playground.tui.scores import Scores

    history = Scores(db, folder).history("first-crud")
    texts = sorted(Path(a.design_path).read_text() for a in history)
    assert len(history) == 2 * n and len({a.design_path for a in history}) == 2 * n
    assert texts == sorted(f"{who} {i}\n" for who in "ab" for i in range(n))
