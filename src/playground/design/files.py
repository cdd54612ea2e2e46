"""A person's files, read and written so that nothing they had is lost or left in a mess.

Reading refuses what is not a regular file before opening it for long (a FIFO would block
forever, `/dev/zero` never ends) and reads at most one byte past the limit, whatever the file
claims its size is. Writing goes to a temporary file next to the target, flushed to disk, then
renamed over it, and the directory flushed too: a full disk or a kill leaves the old file whole.
A new file gets the mode the umask gives (not mkstemp's 0600), an existing one keeps its mode,
and a symlink keeps pointing where it did: its target is what is replaced. The temporary name
carries the writer's process id, so one left behind by a killed writer is cleared by the next.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from playground.design.problems import LoadError, Problem

MAX_BYTES = 1_000_000
STALE_S = 3600.0
"""A temporary file with no live writer's pid in its name is removed once it is this old."""


def _refuse(file: str, message: str) -> LoadError:
    return LoadError([Problem(file, None, None, "", message)])


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file of at most MAX_BYTES, or LoadError saying why not."""
    file = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise _refuse(file, "no such file") from None
    except IsADirectoryError:
        raise _refuse(file, "is a directory, not a file") from None
    except OSError as e:
        raise _refuse(file, f"cannot be read: {e.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise _refuse(file, "is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise _refuse(file, "is not a regular file (a device, a pipe or a socket); "
                                "give the path of a YAML file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise _refuse(file, f"cannot be read: {e.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise _refuse(file, f"file is larger than {MAX_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(file, "is not UTF-8 text") from None


def write_atomic(path: Path, text: str) -> None:
    """Replace the file's contents all at once; an OSError names `path`, never the temporary."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = target.parent
    tmp: str | None = None
    try:
        _clear_stale(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
        _sync_dir(folder)
    except OSError as e:
        raise OSError(e.errno, e.strerror or str(e), str(path)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def umask() -> int:
    """The process's umask. Linux shows it in /proc; elsewhere it can only be read by setting it."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    old = os.umask(0o022)
    os.umask(old)
    return old


def _sync_dir(folder: Path) -> None:
    """Flush the rename itself to disk (POSIX); where a directory cannot be opened, skip it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (True where that cannot be told)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _clear_stale(target: Path) -> None:
    """Remove temporaries of `target` left by writers that were killed mid-write."""
    pattern = re.compile(r"\." + re.escape(target.name) + r"\.(?:(\d+)\.)?[^./]+\.tmp")
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None:
            continue
        pid = found.group(1)
        with contextlib.suppress(OSError):
            stale = (not pid_alive(int(pid))) if pid else (
                time.time() - entry.stat().st_mtime > STALE_S)
            if stale and int(pid or 0) != os.getpid():
                os.unlink(entry.path)


def safe_stem(name: str) -> str:
    """A design's name as the stem of a file name: no path separators, no `..`, no leading dot,
    nothing a shell or a file system would read as more than a name."""
    stem = re.sub(r"[^\w.-]+", "-", name).strip(".-")[:60].strip(".-")
    return re.sub(r"\.{2,}", ".", stem) or "design"
