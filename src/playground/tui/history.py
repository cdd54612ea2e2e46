"""Each design's runs against each challenge, kept under the user data directory so that the
results screen can say what the last change bought and list what came before.

A design is known by its file (resolved) or, unsaved, by its name. A database that cannot be
opened or written (a read-only data directory) never stops the app: the runs are kept in memory
for the session (the scores say so, as they share the file).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from rich import box
from rich.table import Table
from rich.text import Text

from playground import locations
from playground.render.compare import Figures
from playground.tui.scores import transaction

SCHEMA = """
create table if not exists runs (
    id integer primary key,
    design text not null,
    challenge text not null,
    ran_at real not null,
    seed integer,
    figures text not null,
    design_text text not null
)
"""


@dataclass(frozen=True)
class Run:
    design: str
    challenge: str
    ran_at: float
    seed: int | None
    figures: Figures
    design_text: str


def design_key(path: Path | None, name: str) -> str:
    return str(path.resolve()) if path is not None else f"unsaved:{name}"


class RunHistory:
    def __init__(self, db: Path | None = None) -> None:
        self.db = db or locations.scores_db()
        self._memory: sqlite3.Connection | None = None
        try:
            with self._session() as con:
                con.execute(SCHEMA)
        except sqlite3.Error:
            self._memory = sqlite3.connect(":memory:")
            self._memory.execute(SCHEMA)

    def _session(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return transaction(self.db, self._memory)

    def record(self, design: str, challenge: str, seed: int | None, figures: Figures, design_text: str,
               now: float | None = None) -> Run:
        run = Run(design, challenge, time.time() if now is None else now, seed, figures, design_text)
        with self._session() as con:
            con.execute("insert into runs (design, challenge, ran_at, seed, figures, design_text)"
                        " values (?, ?, ?, ?, ?, ?)",
                        (design, challenge, run.ran_at, seed, json.dumps(figures.to_dict()), design_text))
        return run

    def runs(self, design: str, challenge: str) -> list[Run]:
        """Oldest first."""
        with self._session() as con:
            rows = con.execute("select design, challenge, ran_at, seed, figures, design_text from runs"
                               " where design = ? and challenge = ? order by ran_at, id",
                               (design, challenge)).fetchall()
        return [Run(d, c, t, s, Figures.from_dict(json.loads(f)), text) for d, c, t, s, f, text in rows]


def run_table(runs: list[Run]) -> Table:
    """The runs, newest first: when, the score and verdict, p99, availability, cost."""
    table = Table(title="this design's runs against this challenge, newest first", title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False)
    for name in ("when", "score", "verdict", "p99", "availability", "cost/month"):
        table.add_column(name, justify="left" if name in ("when", "verdict") else "right")
    for run in reversed(runs):
        f = run.figures
        table.add_row(time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(run.ran_at)), f"{f.overall:.0f}",
                      Text("passed", style="green") if f.passed else Text("not passed", style="red"),
                      "-" if f.p99_ms is None else f"{f.p99_ms:,.1f} ms",
                      "-" if f.availability is None else f"{f.availability * 100:.3f} %",
                      "-" if f.cost_usd is None else f"${f.cost_usd:,.0f}")
    return table
