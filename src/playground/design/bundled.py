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


def pack_challenge_of(design: Path) -> Path | None:
    """The pack challenge a design is the starter or the reference solution of (by where it
    sits: `starters/NAME.yaml` and `solutions/NAME.yaml` belong to `NAME.yaml`), or None."""
    design = Path(design)
    challenge = design.parent.parent / design.name
    return challenge if design.parent.name in ("starters", "solutions") and challenge.is_file() else None


def given_for(design: Path) -> frozenset[str]:
    """Ids of the parts the world of a design's own pack challenge gives (its payment provider),
    which the design calls though it does not define them; none for any other design."""
    from playground.design.load import load_challenge
    from playground.design.problems import LoadError

    path = pack_challenge_of(design)
    if path is None:
        return frozenset()
    try:
        world = load_challenge(path).model.world
    except (LoadError, OSError):
        return frozenset()
    return frozenset(world.given_ids()) if world is not None else frozenset()
