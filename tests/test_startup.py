"""`playground run --json` imports only what it uses: every start pays for what it imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import playground
from playground.design import bundled

SRC = Path(playground.__file__).resolve().parent.parent  # the checkout these tests test

# Runs the command in-process, with its output thrown away, then names the heavy libraries it
# imported: networkx (~0.16 s to import), rich and textual (only people read what they draw).
PROBE = """
import contextlib, io, json, sys
from playground.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'networkx', 'rich', 'textual'})
print(json.dumps({'code': code, 'heavy': heavy}))
"""


@pytest.mark.parametrize("challenge", ["first-crud", "hot-key"])  # hot-key's findings walk the graph
def test_run_json_does_not_import_networkx_rich_or_textual(challenge):
    design = bundled.challenges_dir() / "starters" / f"{challenge}.yaml"  # a challenge owns its physics
    argv = ["run", str(design), "--challenge", challenge, "--json", "--requests-limit", "3000"]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stderr == ""
    probe = json.loads(done.stdout)
    assert probe["code"] in (0, 1)
    assert probe["heavy"] == []
