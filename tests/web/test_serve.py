"""`playground serve` in a real headless Chromium: the page takes keys without a click, a challenge
opens, runs, and its score reaches the results screen (exported from there with f8).

Debian's chromium, driven by Playwright's Python client (`playwright install` cannot fetch a
browser here; `.ci/run` installs the package). The terminal is drawn on a canvas, so the test
reads what the app did rather than pixels: the run it recorded and the results file it wrote.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(what, timeout_s: float, step_s: float = 0.2):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(step_s)
    return None


@pytest.fixture
def served(tmp_path: Path):
    """`playground serve` on a free localhost port, with its own home; stopped after the test."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (.ci/run does: apt-get install -y chromium)")
        pytest.skip("no /usr/bin/chromium here (apt-get install chromium)")
    pytest.importorskip("playwright")
    pytest.importorskip("textual_serve")
    port = _free_port()
    home = tmp_path / "home"
    env = {**os.environ, "PLAYGROUND_HOME": str(home)}
    server = subprocess.Popen([sys.executable, "-m", "playground", "serve", "--host", "127.0.0.1",
                               "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def listening() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    try:
        assert _wait(listening, 20), "the server did not start listening"
        yield f"http://127.0.0.1:{port}/", home, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def _runs(home: Path) -> list[dict]:
    """The runs the served app recorded in its history (under its PLAYGROUND_HOME)."""
    for path in home.rglob("scores.sqlite3") if home.exists() else []:
        with sqlite3.connect(path) as con:
            try:
                rows = con.execute("select challenge, figures from runs").fetchall()
            except sqlite3.OperationalError:  # created, the table not yet
                return []
        return [{"challenge": c, **json.loads(f)} for c, f in rows]
    return []


def test_a_challenge_opens_runs_and_scores_in_the_browser(served, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, home, cwd = served
    with sync_playwright() as p:
        # a fresh profile each run (Playwright passes it to chromium as --user-data-dir)
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True,
            args=FLAGS, viewport={"width": 1280, "height": 800})
        try:
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#terminal .xterm-screen", timeout=20_000)
            # No click anywhere: the page gives the terminal the keyboard itself.
            assert page.wait_for_function(
                "document.activeElement && document.activeElement.closest('#terminal') !== null",
                timeout=20_000)
            time.sleep(5)  # the app draws its home screen (the canvas has no text to wait for)
            page.keyboard.press("Enter")  # the first challenge of the pack, clock running
            time.sleep(4)
            runs = []
            for _ in range(3):  # on a loaded machine a key can come before the screen that takes it
                page.keyboard.press("Control+r")  # run it
                runs = _wait(lambda: _runs(home), 40, 0.5)
                if runs:
                    break
            assert runs, "no run reached the app's run history"
            assert runs[0]["challenge"] == "first-crud" and 0 <= runs[0]["overall"] <= 100
            time.sleep(1)
            page.keyboard.press("F8")  # export the results screen's score
            exported = _wait(lambda: list(cwd.glob("*-results.json")), 20)
            assert exported, "the results screen did not export"
            data = json.loads(exported[0].read_text())
            assert data["score"]["scores"]["overall"] == pytest.approx(runs[0]["overall"])
            assert data["challenge"] == "A first CRUD service on a budget"
        finally:
            browser.close()
