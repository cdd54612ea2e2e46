"""benchmarks/engine.py runs both implementations to the end, taking turns, and ends with the
line the issue asks for. A short run: what is measured here is the protocol, not the speed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import playground

SRC = Path(playground.__file__).resolve().parent.parent
BENCH = SRC.parent / "benchmarks" / "engine.py"


def test_a_short_benchmark_runs_both_to_the_end_and_reports_the_ratio():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, str(BENCH), "--requests", "3000", "--repeat", "1", "--skip-e2e"],
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    lines = done.stdout.strip().splitlines()
    rows = {m[1]: m for line in lines if (m := re.match(r"\s*(playground|simpy):\s+([\d,]+) requests/s.*"
                                                         r"mean\s+([\d.]+) ms.*rejected ([\d,]+)", line))}
    assert set(rows) == {"playground", "simpy"}
    for m in rows.values():
        assert int(m[2].replace(",", "")) > 0 and float(m[3]) > 0
    last = re.fullmatch(r"speedup_vs_simpy: (\d+\.\d\d)", lines[-1])
    assert last is not None and float(last[1]) > 0
