"""Attempts at challenges and the best score of each, in SQLite under the user data directory.

Each submitted attempt also keeps a copy of the design it was made with.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from playground import locations
from playground.design.yamlio import write_atomic

SCHEMA = """
create table if not exists attempts (
    id integer primary key,
    challenge text not null,
    submitted_at real not null,
    elapsed_s real not null,
    score real not null,
    passed integer not null,
    late integer not null,
    design_path text not null
)
"""


@dataclass(frozen=True)
class Attempt:
    challenge: str
    submitted_at: float
    elapsed_s: float
    score: float
    passed: bool
    late: bool
    design_path: str


class Scores:
    def __init__(self, db: Path | None = None, attempts: Path | None = None):
        self.db = db or locations.scores_db()
        self.attempts = attempts or locations.attempts_dir()
        with closing(self._connect()) as con, con:
            con.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.db)

    def record(self, challenge: str, design_text: str, score: float, passed: bool,
               elapsed_s: float, late: bool, now: float | None = None) -> Attempt:
        """Save the attempt's design under attempts/CHALLENGE/ and its score in the database."""
        now = time.time() if now is None else now
        folder = self.attempts / challenge
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
        path = folder / f"{stamp}.yaml"
        n = 2
        while path.exists():
            path = folder / f"{stamp}-{n}.yaml"
            n += 1
        write_atomic(path, design_text)
        attempt = Attempt(challenge, now, elapsed_s, score, passed, late, str(path))
        with closing(self._connect()) as con, con:
            con.execute(
                "insert into attempts (challenge, submitted_at, elapsed_s, score, passed, late, design_path)"
                " values (?, ?, ?, ?, ?, ?, ?)",
                (challenge, now, elapsed_s, score, int(passed), int(late), str(path)),
            )
        return attempt

    def best(self) -> dict[str, float]:
        """The best score of each challenge tried."""
        with closing(self._connect()) as con:
            rows = con.execute("select challenge, max(score) from attempts group by challenge").fetchall()
        return {name: best for name, best in rows}

    def history(self, challenge: str) -> list[Attempt]:
        with closing(self._connect()) as con:
            rows = con.execute(
                "select challenge, submitted_at, elapsed_s, score, passed, late, design_path"
                " from attempts where challenge = ? order by submitted_at", (challenge,)
            ).fetchall()
        return [Attempt(c, t, e, s, bool(p), bool(late), d) for c, t, e, s, p, late, d in rows]
