"""A directory made read-only for real, for tests of what the app does when it cannot write."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def read_only(*folders: Path) -> Iterator[str]:
    """Make the folders read-only for real: chmod, or for root (whom modes do not stop) the
    immutable flag. Yields how; skips where neither takes effect."""
    for f in folders:
        f.chmod(0o555)
    how = "chmod"
    if _writable(folders[0]):
        how = "chattr +i"
        done = (subprocess.run(["chattr", "+i", *map(str, folders)], capture_output=True)
                if shutil.which("chattr") else None)
        if done is None or done.returncode != 0 or _writable(folders[0]):
            for f in folders:
                f.chmod(0o755)
            pytest.skip("no way to make a directory read-only here (root without chattr)")
    try:
        yield how
    finally:
        if how == "chattr +i":
            subprocess.run(["chattr", "-i", *map(str, folders)], check=True)
        for f in folders:
            f.chmod(0o755)


def _writable(folder: Path) -> bool:
    try:
        (folder / ".probe").touch()
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True
