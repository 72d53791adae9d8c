"""Raised hands from ``roomtui watch``: a small inbox the facilitator's app reads.

The meeting keeps a single writer. A co-facilitator's watch view never touches the
meeting file: it drops one small file per raised hand into ``inbox/<group id>/``
(atomically, 0600), and the facilitator's app, the meeting's writer, picks them up,
shows them as pending and queues the person when the facilitator accepts.

Anything in the inbox is treated as hostile: files are read without following
symlinks, at most ``MAX_BYTES``, must be UTF-8 JSON of the right shape, and the name
goes through the same cleaning as a typed one. A file that fails any of that is
reported in one sentence and removed, never shown raw and never a crash.

A hand belongs to the meeting it was raised in (its id is in the file): the facilitator's
app drops a hand for any other meeting. Its answer goes back the same way: the app
writes ``<key>.reply.json`` (accepted, declined or dropped, with why) before removing the
hand, and the watch that raised it reads the answer, shows it and removes the reply. A
hand still in the folder is waiting; watch can withdraw it by removing it.

Nudges (``<key>.nudge.json``) are a fixed set of words for the facilitator's eyes only:
the file carries a kind from ``NUDGES``, never text.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from roomtui.meeting.text import TextRefused, clean_name, strip_controls
from roomtui.storage import atomic_write_bytes, ensure_dir, locations
from roomtui.storage.atomic import TMP_SUFFIX, dump_json

MAX_BYTES = 4096
SUFFIX = ".hand.json"
REPLY_SUFFIX = ".reply.json"
NUDGE_SUFFIX = ".nudge.json"

#: A hand's answers (``Reply.answer``); a hand with no answer and no file is GONE.
WAITING, ACCEPTED, DECLINED, DROPPED, GONE = "waiting", "accepted", "declined", "dropped", "gone"
ANSWERS = (ACCEPTED, DECLINED, DROPPED)
#: The private nudges a co-facilitator can send: kind -> the words the facilitator sees.
NUDGES = {
    "time-check": "time check",
    "needs-moment": "someone needs a moment",
    "check-room": "check the room",
}


@dataclass(frozen=True)
class Hand:
    """A raised hand waiting for the facilitator."""

    key: str  # the file name: also the order of arrival
    name: str
    at: float
    meeting: str = ""  # the id of the meeting it was raised in


@dataclass(frozen=True)
class Reply:
    """The facilitator's answer to a hand: ACCEPTED, DECLINED or DROPPED, and why."""

    answer: str
    why: str = ""


@dataclass(frozen=True)
class Nudge:
    """A private nudge for the facilitator: one of ``NUDGES``, no text."""

    key: str
    kind: str
    meeting: str = ""

    @property
    def words(self) -> str:
        return NUDGES[self.kind]


@dataclass(frozen=True)
class Rejected:
    """An inbox file that could not be used, and why (for one quiet line on screen)."""

    key: str
    reason: str


def folder(root: Path, group_id: str, make: bool = True) -> Path:
    """The group's inbox folder; ``make=False`` for a cheap look that creates nothing."""
    box = locations.inbox_dir(root, make) / group_id
    return ensure_dir(box) if make else box


def _new_key(suffix: str) -> str:
    return f"{time.time_ns():020d}-{secrets.token_hex(3)}{suffix}"


def raise_hand(root: Path, group_id: str, raw_name: str, meeting: str = "",
               at: float | None = None) -> Hand:
    """Write one raised hand for ``meeting``. Raises TextRefused for an unusable name."""
    name = clean_name(raw_name)
    at = time.time() if at is None else at
    key = _new_key(SUFFIX)
    atomic_write_bytes(folder(root, group_id) / key,
                       dump_json({"name": name, "at": at, "meeting": meeting}))
    return Hand(key, name, at, meeting)


def reply_key(key: str) -> str:
    return key.removesuffix(SUFFIX) + REPLY_SUFFIX


def answer(root: Path, group_id: str, hand: Hand, reply: Reply) -> None:
    """The facilitator's side: leave the answer for the watch that raised the hand, then
    take the hand out of the inbox (so a hand is never gone without its answer)."""
    if _safe(hand.key):
        atomic_write_bytes(folder(root, group_id) / reply_key(hand.key),
                           dump_json({"answer": reply.answer, "why": reply.why}))
    discard(root, group_id, hand.key)


def status(root: Path, group_id: str, key: str) -> Reply:
    """Watch's side: where a hand it raised stands (Reply(WAITING) while in the inbox)."""
    box = folder(root, group_id, make=False)
    if not _safe(key):
        return Reply(GONE)
    try:
        raw = _read_capped(box / reply_key(key))
    except FileNotFoundError:
        return Reply(WAITING) if (box / key).exists() else Reply(GONE)
    except (OSError, ValueError):
        return Reply(GONE)
    try:
        data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_BYTES else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("answer") not in ANSWERS:
        return Reply(GONE)
    why = data.get("why")
    why = " ".join(strip_controls(why).split())[:200] if isinstance(why, str) else ""
    return Reply(data["answer"], why)


def withdraw(root: Path, group_id: str, key: str) -> None:
    """Remove a hand and any answer to it (watch withdrawing it, or done showing it)."""
    discard(root, group_id, key)
    if _safe(key):
        discard(root, group_id, reply_key(key))


def send_nudge(root: Path, group_id: str, kind: str, meeting: str = "") -> Nudge:
    if kind not in NUDGES:
        raise ValueError(f"no such nudge: {kind!r}")
    key = _new_key(NUDGE_SUFFIX)
    atomic_write_bytes(folder(root, group_id) / key,
                       dump_json({"kind": kind, "meeting": meeting}))
    return Nudge(key, kind, meeting)


def nudges(root: Path, group_id: str) -> list[Nudge]:
    """Nudges waiting, oldest first; unreadable ones are removed and skipped."""
    found = []
    for path in sorted(folder(root, group_id).glob("*" + NUDGE_SUFFIX), key=lambda p: p.name):
        try:
            data = json.loads(_read_capped(path)[:MAX_BYTES + 1].decode("utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("kind") in NUDGES:
            meeting = data.get("meeting")
            found.append(Nudge(path.name, data["kind"],
                               meeting if isinstance(meeting, str) else ""))
        else:
            discard(root, group_id, path.name)
    return found


def _safe(key: str) -> bool:
    return "/" not in key and key not in ("", ".", "..") and "\0" not in key


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
    meeting = data.get("meeting")
    return Hand(key, name, at, meeting if isinstance(meeting, str) else "")


def pending(root: Path, group_id: str) -> list[Hand | Rejected]:
    """Every hand waiting, oldest first, plus any files that could not be used."""
    found: list[Hand | Rejected] = []
    box = folder(root, group_id)
    for path in sorted(box.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.name.endswith(TMP_SUFFIX):
            continue  # a write in flight
        if path.name.endswith((REPLY_SUFFIX, NUDGE_SUFFIX)):
            continue  # answers and nudges: not hands
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
    if not _safe(key):
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
