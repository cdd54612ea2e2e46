"""A class's designs in a folder: every design file, and every file that holds a share line.

Each submission is read on its own: one that does not load is kept with its problems (it fails
its grade, saying why), never allowed to stop the others from being graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playground.design.challenge import Challenge
from playground.design.load import check_world, load_design_text
from playground.design.model import Design
from playground.design.problems import LoadError, Problem
from playground.design.share import PREFIX, ShareError, decode_share
from playground.design.yamlio import read_text

DESIGN_SUFFIXES = (".yaml", ".yml")
LINE_SUFFIXES = (".txt", ".pg1", ".share", "")
"""Files that may hold a share line (`playground share` prints one)."""


@dataclass(frozen=True)
class Submission:
    name: str
    """Its path within the folder, with `/` between parts: what the reports call it."""
    text: str | None
    """The design's YAML text (a share line's, decoded), None when it could not be read."""
    problems: tuple[Problem, ...] = ()
    """Why it could not be read."""

    @property
    def stem(self) -> str:
        """Its file name without the suffix: in a pack grade, the challenge it is for."""
        return Path(self.name).stem

    def design_for(self, challenge: Challenge) -> tuple[Design | None, tuple[Problem, ...]]:
        """The design as the challenge sees it, or the problems that stop it being graded."""
        if self.text is None:
            return None, self.problems
        return design_for(self.text, self.name, challenge)


def design_for(text: str, name: str, challenge: Challenge) -> tuple[Design | None, tuple[Problem, ...]]:
    """A design's text loaded for a challenge: calling the parts its world gives, and checked
    against what its world owns (a design may not set the physics, or define a given part)."""
    world = challenge.world
    given = frozenset(world.given_ids()) if world is not None else frozenset()
    try:
        loaded = load_design_text(text, name, given)
    except LoadError as e:
        return None, tuple(e.problems)
    errors = tuple(p for p in check_world(loaded, challenge) if p.severity == "error")
    return (None, errors) if errors else (loaded.model, ())


def submission_files(folder: Path) -> list[Path]:
    """Design files and share-line files under `folder`, in path order (hidden ones left out)."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() in DESIGN_SUFFIXES or (path.suffix.lower() in LINE_SUFFIXES
                                                      and _holds_line(path)):
            out.append(path)
    return out


def _holds_line(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(PREFIX) + 64).lstrip().startswith(PREFIX.encode())
    except OSError:
        return False


def read_submission(path: Path, folder: Path) -> Submission:
    name = path.relative_to(folder).as_posix()
    try:
        text = read_text(path)
        if path.suffix.lower() not in DESIGN_SUFFIXES:
            text = decode_share(text)
        return Submission(name, text)
    except LoadError as e:
        return Submission(name, None, tuple(e.problems))
    except ShareError as e:
        return Submission(name, None, (Problem(name, None, None, "", str(e)),))


def read_folder(folder: Path) -> list[Submission]:
    return [read_submission(p, folder) for p in submission_files(folder)]
