"""One writer per group's meeting: an exclusive, non-blocking lock held while the app runs.

``flock`` locks go away with the process, so a crash or ``kill -9`` never leaves a
stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from roomtui.storage.atomic import open_private


class AlreadyOpen(Exception):
    """Another roomtui process holds the lock."""

    def __init__(self, path: Path, pid: str) -> None:
        super().__init__(str(path))
        self.path = path
        self.pid = pid


class WriterLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> WriterLock:
        fd = open_private(self.path, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            finally:
                os.close(fd)
            raise AlreadyOpen(self.path, pid) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_locked(path: Path) -> bool:
    """Whether some process holds the writer lock (used by the read-only views)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except (FileNotFoundError, OSError):  # a link is never a lock roomtui made
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


class FileLock:
    """A short, blocking, re-entrant lock around read-modify-write of a shared file.

    ``groups.json`` and ``index.json`` are shared by every roomtui process (two groups can
    run at once on one laptop); without this, two updates at the same moment could lose one.
    """

    def __init__(self, target: Path) -> None:
        target = Path(target)
        self.path = target.with_name(f".{target.name}.lock")
        self._fd: int | None = None
        self._depth = 0

    def __enter__(self) -> FileLock:
        if self._depth == 0:
            fd = open_private(self.path, os.O_RDWR | os.O_CREAT)
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._fd = fd
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
