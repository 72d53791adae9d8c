"""Crash-safe files: write a temp file, fsync, os.replace, fsync the folder.

A reader therefore sees either the old file or the new one, never half of one, and a
crash at any moment leaves a file that parses. Everything is created 0600 in 0700
folders whatever the umask. A file that does not parse is never written over.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any, TypeAlias

from tinydb.storages import Storage

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_SUFFIX = ".tmp-roomtui"

#: A TinyDB file's data: table name -> document id (a number, as text) -> document.
Tables: TypeAlias = dict[str, dict[str, Any]]
#: Which version of a file was read: (inode, size, mtime in ns).
FileKey: TypeAlias = tuple[int, int, int]


class DamagedFile(Exception):
    """A data file that cannot be read as it should be. It is left exactly as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason

    def message(self) -> str:
        return (
            f"roomtui cannot read {self.path} ({self.reason}).\n"
            "The file has been left exactly as it was. Move it aside or restore it from a "
            "backup, then start roomtui again."
        )


class LinkRefused(DamagedFile):
    """One of roomtui's own files (a lock, the log, a temp file) is a link: never followed.

    Following it would truncate and chmod whatever it points at."""

    def message(self) -> str:
        return (
            f"roomtui does not follow links for its own files: {self.path} {self.reason}.\n"
            "Nothing was written through it. Remove it (roomtui makes the file again), "
            "then start roomtui again."
        )


def open_private(path: Path, flags: int) -> int:
    """Open (or create, 0600) one of roomtui's own files, never through a link.

    Raises LinkRefused for a symbolic link or anything that is not a plain file.
    """
    path = Path(path)
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise LinkRefused(path, "is a symbolic link") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LinkRefused(path, "is not a plain file")
        if flags & (os.O_WRONLY | os.O_RDWR):
            os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return fd


#: Folders roomtui found already there and open to other people (it warns, never chmods).
LOOSE: dict[Path, int] = {}


def loose_folders(root: Path | None = None) -> list[str]:
    """One sentence per folder roomtui did not make that others can open (under ``root``)."""
    said = []
    for path in sorted(LOOSE):
        if root is not None and path != Path(root) and Path(root) not in path.parents:
            continue
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            said.append(
                f"{path} can be opened by other people on this computer (mode {mode:04o}). "
                "roomtui did not make it, so it left it as it is; its own files inside stay "
                f"private. To make it private: chmod 700 {path}")
    return said


class ReadOnlyStorage(Exception):
    """A write through a storage opened for reading."""


def ensure_dir(path: Path) -> Path:
    """Make a private folder (0700) and its missing parents.

    Only what roomtui makes is made private: a folder already there (a ``--data-dir`` of
    mode 1777, say) is left as it is, and noted in ``LOOSE`` if others can open it.
    """
    path = Path(path)
    if not path.parent.exists():  # mkdir(parents=True) would make them with the umask (0755)
        ensure_dir(path.parent)
    try:
        path.mkdir(mode=DIR_MODE)
    except FileExistsError:
        mode = path.stat().st_mode
        if not stat.S_ISDIR(mode):
            raise NotADirectoryError(errno.ENOTDIR, "Not a folder", str(path)) from None
        if mode & 0o077:
            LOOSE[path] = stat.S_IMODE(mode)
        else:
            LOOSE.pop(path, None)
        return path
    os.chmod(path, DIR_MODE)  # the umask may have taken bits away: exactly 0700
    return path


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that no reader or crash ever sees a partial file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                 FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _writer_alive(tmp: Path) -> bool:
    """Whether another live process made this temp file: its write may still be in flight.

    The name is ``.<file>.<pid>.<hex>.tmp-roomtui``. A second roomtui starting (another
    group, or one about to be refused) must not delete the running writer's temp file
    between its fsync and its ``os.replace``.
    """
    try:
        pid = int(tmp.name.split(".")[-3])
    except (IndexError, ValueError):
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_temp_files(folder: Path) -> list[Path]:
    """Remove temp files left by a write that a crash interrupted. Returns what went."""
    removed: list[Path] = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for tmp in folder.glob(f".*{TMP_SUFFIX}"):
        if _writer_alive(tmp):
            continue
        try:
            tmp.unlink()
            removed.append(tmp)
        except FileNotFoundError:
            pass
    return removed


#: Far above any real roomtui file (a 2,000-event meeting is about 0.5 MB); a file larger
#: than this is refused rather than read into memory.
MAX_BYTES = 64 * 1024 * 1024
def read_json(path: Path) -> Any:
    """Parse a JSON file, or raise DamagedFile saying where it breaks."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise DamagedFile(path, f"it is {size // (1024 * 1024)} MB, more than the "
                                        f"{MAX_BYTES // (1024 * 1024)} MB roomtui reads")
            raw = f.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise DamagedFile(path, "it is a folder, not a file") from None
    if len(raw) > MAX_BYTES:
        raise DamagedFile(path, f"it is more than the {MAX_BYTES // (1024 * 1024)} MB "
                                "roomtui reads")
    if not raw.strip():
        raise DamagedFile(path, "the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise DamagedFile(path, f"not UTF-8 text at byte {err.start}") from None
    except json.JSONDecodeError as err:
        raise DamagedFile(path, f"not valid JSON at line {err.lineno}, column {err.colno}") from None
    except RecursionError:  # 200,000 levels of [[[[…: never a crash
        raise DamagedFile(path, "it nests lists or objects too deeply to read") from None
    return data


def dump_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _tinydb_shaped(data: Any) -> bool:
    """``{table: {"<int id>": {record}}}``: anything else would crash TinyDB or be written over."""
    if not isinstance(data, dict):
        return False
    for table in data.values():
        if not isinstance(table, dict):
            return False
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                return False
            try:
                int(doc_id)
            except ValueError:
                return False
    return True


class AtomicJSONStorage(Storage):
    """TinyDB storage that writes atomically and keeps the last read in memory.

    The cache is keyed on the file's identity (inode, size, mtime), so a reader in
    another process sees a new version as soon as the writer's ``os.replace`` lands,
    and the single writer does not re-parse its own file on every insert.
    """

    def __init__(self, path: str | Path, readonly: bool = False, **_: Any) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._cache: Tables | None = None
        self._key: FileKey | None = None

    def _stat_key(self) -> FileKey | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def read(self) -> Tables | None:
        key = self._stat_key()
        if key is None:
            self._cache, self._key = None, None
            return None
        if key != self._key or self._cache is None:
            data = read_json(self.path)
            if not _tinydb_shaped(data):
                raise DamagedFile(self.path, "the data is not in roomtui's shape")
            self._cache, self._key = data, key
        return self._cache

    def write(self, data: Tables) -> None:
        self._write(data, dump_json(data))

    def _write(self, data: Tables, raw: bytes) -> None:
        if self.readonly:
            raise ReadOnlyStorage(str(self.path))
        self._parts = None
        try:
            atomic_write_bytes(self.path, raw)
        except BaseException:
            self._cache, self._key = None, None  # memory may now be ahead of the disk
            raise
        self._cache, self._key = data, self._stat_key()

    #: (file key, table, rows, their JSON, next id) after an append
    _parts: tuple[FileKey | None, str, int, list[str], int] | None = None

    def append(self, table: str, record: dict[str, Any]) -> None:
        """Add ``record`` to ``table`` at the next id, durably, encoding only it.

        A meeting's log only grows and is rewritten whole on every event; encoding the
        earlier events again each time made an action cost grow with the meeting
        (``make bench``: action latency at 2,000 events). The earlier rows' JSON is kept
        from the last append while the file on disk is still the one this wrote.
        """
        if self.readonly:
            raise ReadOnlyStorage(str(self.path))
        data = self.read() or {}
        rows = data.get(table)
        if rows is None:
            rows = data[table] = {}
        parts = self._parts
        if parts is not None and parts[:3] == (self._key, table, len(rows)):
            encoded, next_id = parts[3], parts[4]
        else:
            encoded = [f"{json.dumps(k)}:{dump_json(v).decode()}" for k, v in rows.items()]
            next_id = max((int(k) for k in rows), default=0) + 1  # as TinyDB numbers them
        doc_id = str(next_id)
        record = dict(record)
        rows[doc_id] = record
        encoded.append(f"{json.dumps(doc_id)}:{dump_json(record).decode()}")
        if len(data) == 1:
            raw = ("{" + json.dumps(table) + ":{" + ",".join(encoded) + "}}").encode("utf-8")
        else:
            raw = dump_json(data)
        self._write(data, raw)
        self._parts = (self._key, table, len(rows), encoded, next_id + 1)

    def close(self) -> None:
        self._cache = None
