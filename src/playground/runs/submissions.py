"""A class's designs in a folder: every design file, and every file that holds a share line.

Each submission is read on its own: one that does not load is kept with its problems (it fails
its grade, saying why), never allowed to stop the others from being graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playground.design.load import load_design_text
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
    design: Design | None
    problems: tuple[Problem, ...] = ()

    @property
    def stem(self) -> str:
        """Its file name without the suffix: in a pack grade, the challenge it is for."""
        return Path(self.name).stem

    @property
    def loaded(self) -> bool:
        return self.design is not None and self.text is not None


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
        return Submission(name, text, load_design_text(text, name).model)
    except LoadError as e:
        return Submission(name, None, None, tuple(e.problems))
    except ShareError as e:
        return Submission(name, None, None, (Problem(name, None, None, "", str(e)),))


def read_folder(folder: Path) -> list[Submission]:
    return [read_submission(p, folder) for p in submission_files(folder)]
