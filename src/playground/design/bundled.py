"""The example designs and the challenge pack that ship with the package.

In a wheel they sit inside the package (`playground/designs`, `playground/challenges`, put
there by the build); in a source checkout or an editable install, at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    for candidate in (_HERE / name, _HERE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    return _HERE / name


def designs_dir() -> Path:
    return _data_dir("designs")


def challenges_dir() -> Path:
    return _data_dir("challenges")


def challenge_files() -> list[Path]:
    """The pack, in id order; a challenge's id is its file name without `.yaml`."""
    return sorted(challenges_dir().glob("*.yaml"))


def design_files() -> list[Path]:
    return sorted(designs_dir().glob("*.yaml"))


def challenge_path(ref: str) -> Path:
    """A challenge by id (`first-crud`) or by path; the path need not exist (the loader says so)."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists() or "/" in ref:
        return path
    return challenges_dir() / f"{ref}.yaml"
