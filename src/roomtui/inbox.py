"""Raised hands from ``roomtui watch``: a small inbox the facilitator's app reads.

The meeting keeps a single writer. A co-facilitator's watch view never touches the
meeting file: it drops one small file per raised hand into ``inbox/<group id>/``
(atomically, 0600), and the facilitator's app, the meeting's writer, picks them up,
shows them as pending and queues the person when the facilitator accepts.

Anything in the inbox is treated as hostile: files are read without following
symlinks, at most ``MAX_BYTES``, must be UTF-8 JSON of the right shape, and the name
goes through the same cleaning as a typed one. A file that fails any of that is
reported in one sentence and removed, never shown raw and never a crash.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from roomtui import locations
from roomtui.meeting.text import TextRefused, clean_name
from roomtui.storage import atomic_write_bytes, ensure_dir
from roomtui.storage.atomic import TMP_SUFFIX, dump_json

MAX_BYTES = 4096
SUFFIX = ".hand.json"


@dataclass(frozen=True)
class Hand:
    """A raised hand waiting for the facilitator."""

    key: str  # the file name: also the order of arrival
    name: str
    at: float


@dataclass(frozen=True)
class Rejected:
    """An inbox file that could not be used, and why (for one quiet line on screen)."""

    key: str
    reason: str


def folder(root: Path, group_id: str, make: bool = True) -> Path:
    """The group's inbox folder; ``make=False`` for a cheap look that creates nothing."""
    box = locations.inbox_dir(root, make) / group_id
    return ensure_dir(box) if make else box


def raise_hand(root: Path, group_id: str, raw_name: str, at: float | None = None) -> Hand:
    """Write one raised hand. Raises TextRefused for a name that cannot be used."""
    name = clean_name(raw_name)
    at = time.time() if at is None else at
    key = f"{time.time_ns():020d}-{secrets.token_hex(3)}{SUFFIX}"
    atomic_write_bytes(folder(root, group_id) / key, dump_json({"name": name, "at": at}))
    return Hand(key, name, at)


def _read_capped(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("a folder or a special file, not a plain file")
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _parse(key: str, raw: bytes) -> Hand | Rejected:
    if len(raw) > MAX_BYTES:
        return Rejected(key, f"larger than {MAX_BYTES} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Rejected(key, "not UTF-8 text")
    except ValueError:
        return Rejected(key, "not valid JSON")
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        return Rejected(key, "no name in it")
    try:
        name = clean_name(data["name"])
    except TextRefused as err:
        return Rejected(key, str(err).rstrip("."))
    at = data.get("at")
    at = float(at) if isinstance(at, (int, float)) and not isinstance(at, bool) else 0.0
    return Hand(key, name, at)


def pending(root: Path, group_id: str) -> list[Hand | Rejected]:
    """Every hand waiting, oldest first, plus any files that could not be used."""
    found: list[Hand | Rejected] = []
    box = folder(root, group_id)
    for path in sorted(box.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.name.endswith(TMP_SUFFIX):
            continue  # a write in flight
        try:
            raw = _read_capped(path)
        except FileNotFoundError:
            continue  # taken meanwhile
        except (OSError, ValueError) as err:
            reason = str(err) if isinstance(err, ValueError) else "a link, not a plain file"
            found.append(Rejected(path.name, reason))
            continue
        found.append(_parse(path.name, raw))
    return found


def discard(root: Path, group_id: str, key: str) -> None:
    """Remove a hand (accepted, declined or unreadable). Never follows a path outside."""
    if "/" in key or key in ("", ".", ".."):
        return
    path = folder(root, group_id) / key
    try:
        if path.is_dir() and not path.is_symlink():
            os.rmdir(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return  # already gone
    except OSError:
        # A non-empty folder someone put there: left alone; the app reports it once.
        return
