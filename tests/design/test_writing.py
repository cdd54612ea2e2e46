"""Writing a person's files (issue 19.10, 19.11): modes, links, leftovers, errors that name the file."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground.design import files
from playground.design.files import safe_stem, write_atomic
from tests.read_only import read_only


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.yaml", "name: x\n")
        os.umask(0o002)
        write_atomic(tmp_path / "group.yaml", "name: x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o644  # mkstemp would give 0600
    assert (tmp_path / "group.yaml").stat().st_mode & 0o777 == 0o664


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "d.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n" and target.stat().st_mode & 0o777 == 0o640


def test_saving_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "design.yaml"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "design.yaml"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"


def test_a_temporary_file_left_by_a_killed_writer_is_cleared(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    left = tmp_path / f".d.yaml.{pid}.abcd1234.tmp"
    left.write_text("half a desi")
    live = tmp_path / f".d.yaml.{os.getppid()}.abcd1234.tmp"  # a writer still at work
    live.write_text("being written")
    other = tmp_path / f".other.yaml.{pid}.abcd1234.tmp"
    other.write_text("another file's")
    write_atomic(tmp_path / "d.yaml", "name: d\n")
    assert not left.exists() and live.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".d.yaml")) == [live.name]


def test_the_directory_is_flushed_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}") if Path("/proc/self/fd").exists() else True)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(tmp_path / "d.yaml", "name: d\n")
    assert synced == [False, True]  # the file's data, then the directory entry


def test_a_failed_write_names_the_file_not_the_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "d.yaml"
    target.write_text("old\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError) as caught:
        write_atomic(target, "new\n")
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    assert ".tmp" not in str(caught.value)
    assert target.read_text() == "old\n"  # the old file is whole
    assert [p.name for p in tmp_path.iterdir()] == ["d.yaml"]  # and nothing is left behind


def test_a_read_only_directory_is_an_oserror_naming_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder), pytest.raises(OSError) as caught:
        write_atomic(folder / "d.yaml", "x\n")
    assert caught.value.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    assert caught.value.filename == str(folder / "d.yaml")


@pytest.mark.parametrize(("name", "stem"), [
    ("../outside/x", "outside-x"), ("/etc/passwd", "etc-passwd"), ("..", "design"),
    ("a b/c", "a-b-c"), ("st[/]arter", "st-arter"), ("über", "über"), ("x..y", "x.y"),
    (".hidden", "hidden"), ("checkout-v2", "checkout-v2"),
])
def test_a_design_name_becomes_a_file_name_and_nothing_more(name: str, stem: str) -> None:
    """19.10: ctrl+e wrote `NAME.svg` with the name as given: `../outside/x` left the folder."""
    assert safe_stem(name) == stem
