"""Attempts at challenges and the best score of each, in SQLite under the user data directory.

Each submitted attempt also keeps a copy of the design it was made with. A database the app
cannot use never stops it from starting: a damaged file, or one whose `attempts` table is not
ours, is moved aside (and named in `problem`); one that cannot be opened or written (a
read-only directory) is replaced by one in memory for the session, and `problem` says so.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from playground import locations
from playground.design.files import write_atomic

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
COLUMNS = {"id", "challenge", "submitted_at", "elapsed_s", "score", "passed", "late", "design_path"}


@dataclass(frozen=True)
class Attempt:
    challenge: str
    submitted_at: float
    elapsed_s: float
    score: float
    passed: bool
    late: bool
    design_path: str


class Foreign(sqlite3.DatabaseError):
    """The file is a database, but its `attempts` table is not the one this app writes."""


class Scores:
    def __init__(self, db: Path | None = None, attempts: Path | None = None):
        self.db = db or locations.scores_db()
        self.attempts = attempts or locations.attempts_dir()
        self.problem: str | None = None
        """What was wrong with the database at start, for the app to say; None when nothing."""
        self._memory: sqlite3.Connection | None = None
        try:
            self._prepare()
        except (Foreign, sqlite3.DatabaseError) as e:
            if isinstance(e, sqlite3.OperationalError):
                self._in_memory(e)
            else:
                self._move_aside(e)

    def _prepare(self) -> None:
        with self._session() as con:
            con.execute(SCHEMA)
            found = {row[1] for row in con.execute("pragma table_info(attempts)")}
            if found != COLUMNS:
                raise Foreign(f"its attempts table has the columns {', '.join(sorted(found))}")

    def _move_aside(self, error: Exception) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.db.with_name(f"{self.db.name}.damaged-{stamp}")
        try:
            os.replace(self.db, aside)
            self._prepare()
        except (OSError, sqlite3.DatabaseError) as e:
            self._in_memory(e, f"{self.db} cannot be used ({error})")
            return
        self.problem = (f"{self.db} could not be read ({error}): it was moved to {aside.name} and "
                        "a new one started. Best scores before today are in the old file.")

    def _in_memory(self, error: Exception, why: str | None = None) -> None:
        self._memory = sqlite3.connect(":memory:")
        self._memory.execute(SCHEMA)
        self.problem = (f"{why or f'{self.db} cannot be opened for writing ({error})'}: scores are "
                        "kept in memory until you quit.")

    def _session(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return transaction(self.db, self._memory)

    def record(self, challenge: str, design_text: str, score: float, passed: bool,
               elapsed_s: float, late: bool, now: float | None = None) -> Attempt:
        """Save the attempt's design under attempts/CHALLENGE/ and its score in the database.
        OSError or sqlite3.Error when either cannot be written (the caller says so)."""
        now = time.time() if now is None else now
        folder = self.attempts / challenge
        folder.mkdir(parents=True, exist_ok=True)
        path = _claim(folder, time.strftime("%Y%m%d-%H%M%S", time.gmtime(now)))
        try:
            write_atomic(path, design_text)
            with self._session() as con:
                con.execute(
                    "insert into attempts (challenge, submitted_at, elapsed_s, score, passed, late,"
                    " design_path) values (?, ?, ?, ?, ?, ?, ?)",
                    (challenge, now, elapsed_s, score, int(passed), int(late), str(path)),
                )
        except BaseException:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            raise
        return Attempt(challenge, now, elapsed_s, score, passed, late, str(path))

    def best(self) -> dict[str, float]:
        """The best score of each challenge tried (none when the database cannot be read)."""
        try:
            with self._session() as con:
                rows = con.execute("select challenge, max(score) from attempts group by challenge").fetchall()
        except sqlite3.Error:
            return {}
        return {name: best for name, best in rows}

    def passed(self) -> set[str]:
        """The challenges passed at least once: their lessons may be shown."""
        try:
            with self._session() as con:
                rows = con.execute("select distinct challenge from attempts where passed").fetchall()
        except sqlite3.Error:
            return set()
        return {name for (name,) in rows}

    def history(self, challenge: str) -> list[Attempt]:
        with self._session() as con:
            rows = con.execute(
                "select challenge, submitted_at, elapsed_s, score, passed, late, design_path"
                " from attempts where challenge = ? order by submitted_at", (challenge,)
            ).fetchall()
        return [Attempt(c, t, e, s, bool(p), bool(late), d) for c, t, e, s, p, late, d in rows]


@contextlib.contextmanager
def transaction(db: Path, memory: sqlite3.Connection | None) -> Iterator[sqlite3.Connection]:
    """A transaction on the file `db`, or on the connection in memory standing in for it for the
    session: committed when the block ends, rolled back if it raises."""
    if memory is not None:
        with memory:
            yield memory
        return
    with closing(sqlite3.connect(db)) as con, con:
        yield con


def _claim(folder: Path, stamp: str) -> Path:
    """A new file name for an attempt, created empty so that no other process can take it: two
    playgrounds submitting in the same second get STAMP.yaml and STAMP-2.yaml."""
    n = 1
    while True:
        path = folder / (f"{stamp}.yaml" if n == 1 else f"{stamp}-{n}.yaml")
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            n += 1
            continue
        return path
