"""Where the playground keeps a person's things: settings, best scores, attempts, recovery files.

platformdirs gives each platform's usual place; `PLAYGROUND_HOME` puts everything under one
directory instead (tests and a portable install use it).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

APP = "playground"


def _home() -> Path | None:
    value = os.environ.get("PLAYGROUND_HOME")
    return Path(value) if value else None


def _dir(kind: str) -> Path:
    home = _home()
    if home is not None:
        path = home / kind
    elif kind == "config":
        path = Path(platformdirs.user_config_dir(APP, appauthor=False))
    else:
        path = Path(platformdirs.user_data_dir(APP, appauthor=False))
    with contextlib.suppress(OSError):  # read-only: what needs it will fail and say so
        path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    return _dir("config")


def data_dir() -> Path:
    return _dir("data")


def settings_file() -> Path:
    return config_dir() / "settings.json"


def scores_db() -> Path:
    """SQLite file of every submitted attempt (best scores are read from it)."""
    return data_dir() / "scores.sqlite3"


def attempts_dir() -> Path:
    path = data_dir() / "attempts"
    with contextlib.suppress(OSError):
        path.mkdir(exist_ok=True)
    return path


def recovery_dir() -> Path:
    """Autosaved copies of designs with unsaved changes, offered on the next start."""
    path = data_dir() / "recovery"
    with contextlib.suppress(OSError):
        path.mkdir(exist_ok=True)
    return path
