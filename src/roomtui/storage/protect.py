"""A group's notes locked with a passphrase: what is sealed, and turning it on and off.

Only the texts of notes and note edits are sealed, in the meeting files and in the
index's notes (the search text). Names, turns, times, tags and the agenda stay readable:
watch and room need them and they carry no note content. Sealing happens at the
boundary between the session and storage (``seal_event``, ``seal_row``); the meeting in
memory always holds plain text. A sealed text is a string (see storage/crypto.py), so
every event keeps its fields' JSON types. No Textual.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from roomtui.meeting.events import Event
from roomtui.meeting.notes import NOTE_ADDED, NOTE_EDITED
from roomtui.storage import DamagedFile, GroupBook, MeetingIndex, crypto, locations
from roomtui.storage.atomic import atomic_write_bytes, dump_json, read_json
from roomtui.storage.crypto import Damaged, Keyring, Lock, WrongPassphrase
from roomtui.storage.stores import Row

TEXT_EVENTS = frozenset({NOTE_ADDED, NOTE_EDITED})
#: How a note reads where its group's passphrase was not given (never in watch or room).
LOCKED_TEXT = "(locked: this group's notes need its passphrase)"

#: What ``roomtui protect`` and the unlock screen say before asking.
WARNING = ("Forgetting this passphrase loses this group's notes, and only them: names, "
           "turns, times and the agenda stay readable. There is no back door and no reset.")


class Locked(Exception):
    """The group's notes are locked and no passphrase was given."""


def lock_of(group: Row | None) -> Lock | None:
    lock = (group or {}).get("lock")
    return lock if isinstance(lock, dict) else None


def is_protected(group: Row | None) -> bool:
    return lock_of(group) is not None


def unlock_group(group: Row, passphrase: str) -> Keyring:
    """The group's keys (slow: scrypt). Raises WrongPassphrase or Damaged."""
    lock = lock_of(group)
    if lock is None:
        raise ValueError("This group's notes are not locked.")
    return crypto.unlock(lock, passphrase)


def keys_for(group: Row, keys: Keyring | None) -> Keyring | None:
    """The keys a session of ``group`` writes with: Locked when it needs them."""
    if not is_protected(group):
        return None
    if keys is None:
        raise Locked(f"The notes of “{group.get('name', '')}” are locked with a passphrase.")
    return keys


# -- sealing at the session / storage boundary ---------------------------------------


def seal_event(event: Event, keys: Keyring | None) -> Event:
    """The event as written to disk: a note's text sealed when the group is protected."""
    if keys is None or event.get("type") not in TEXT_EVENTS \
            or not isinstance(event.get("text"), str):
        return event
    return {**event, "text": keys.seal(event["text"])}


def _reveal(value: object, keys: Keyring | None) -> object:
    if not crypto.is_sealed(value):
        return value
    if keys is None:
        return LOCKED_TEXT
    return keys.open(value)


def open_events(events: list[Event], keys: Keyring | None, path: Path | None = None) -> list[Event]:
    """Events with note texts opened (``LOCKED_TEXT`` without keys). DamagedFile if one won't."""
    out = []
    for event in events:
        if event.get("type") in TEXT_EVENTS and crypto.is_sealed(event.get("text")):
            try:
                event = {**event, "text": _reveal(event["text"], keys)}
            except Damaged as err:
                raise DamagedFile(path or Path("?"), f"a note's sealed text: {err}") from None
        out.append(event)
    return out


def seal_row(row: Row, keys: Keyring | None) -> Row:
    """An index row with its notes' (search) texts sealed when the group is protected."""
    if keys is None or not isinstance(row.get("notes"), list):
        return row
    return {**row, "notes": [_seal_note(n, keys) for n in row["notes"]]}


def _seal_note(note: object, keys: Keyring) -> object:
    if isinstance(note, dict) and isinstance(note.get("text"), str) \
            and not crypto.is_sealed(note["text"]):
        return {**note, "text": keys.seal(note["text"])}
    return note


def open_row(row: Row, keys: Keyring | None) -> Row:
    """An index row with its notes' texts opened (``LOCKED_TEXT`` without keys)."""
    notes = row.get("notes")
    if not isinstance(notes, list) or not any(
            isinstance(n, dict) and crypto.is_sealed(n.get("text")) for n in notes):
        return row
    opened = []
    for note in notes:
        if isinstance(note, dict) and crypto.is_sealed(note.get("text")):
            try:
                note = {**note, "text": _reveal(note["text"], keys)}
            except Damaged:
                note = {**note, "text": "(this note's sealed text is damaged)"}
        opened.append(note)
    return {**row, "notes": opened}


# -- turning it on, changing it, turning it off ---------------------------------------


def _convert(value: object, opener: Keyring | None, target: Keyring | None) -> object:
    """A note text as the target wants it: sealed with its current key, or plain."""
    if not isinstance(value, str):
        return value
    if crypto.is_sealed(value):
        if target is not None and value[len(crypto.PREFIX):].startswith(target.current + ":"):
            return value
        if opener is None:
            raise Damaged("a sealed note but no key to open it")
        value = opener.open(value)
    return target.seal(value) if target is not None else value


def _group_files(root: Path, group: Row) -> list[tuple[str | None, Path]]:
    """(index id, file) of every meeting of the group, orphan files (not in the index) too."""
    found: list[tuple[str | None, Path]] = []
    index_path = locations.index_file(root)
    listed: set[str] = set()
    if index_path.exists():
        for row in MeetingIndex(index_path, readonly=True).all():
            listed.add(str(row["id"]))
            if row.get("group_id") == group["id"]:
                found.append((str(row["id"]), locations.meeting_file(root, str(row["id"]))))
    folder = locations.meetings_dir(root)
    if folder.is_dir():
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            stem = entry.name[:-5]
            if entry.name.endswith(".json") and not entry.name.startswith(".") \
                    and stem not in listed and _orphan_of(Path(entry.path), group):
                found.append((None, Path(entry.path)))
    return found


def _orphan_of(path: Path, group: Row) -> bool:
    try:
        events = read_json(path).get("events", {})
        return any(isinstance(e, dict) and e.get("group") == group["name"]
                   for e in events.values())
    except (DamagedFile, AttributeError):
        return False


def reseal(root: Path, group: Row, opener: Keyring | None, target: Keyring | None,
           progress: Callable[[int, int], None] | None = None) -> int:
    """Write every note text of the group as ``target`` wants it; returns files rewritten.

    Each file is written whole to a temp file and swapped in (storage's atomic write), so
    a crash leaves each file either as it was or done; a second run finishes the rest.
    """
    files = _group_files(root, group)
    changed = 0
    index = MeetingIndex(locations.index_file(root)) if locations.index_file(root).exists() \
        else None
    for i, (meeting_id, path) in enumerate(files):
        if path.exists():
            data = read_json(path)
            events = data.get("events") if isinstance(data, dict) else None
            if not isinstance(events, dict):
                raise DamagedFile(path, "the data is not in roomtui's shape")
            touched = False
            for event in events.values():
                if isinstance(event, dict) and event.get("type") in TEXT_EVENTS:
                    new = _convert(event.get("text"), opener, target)
                    if new != event.get("text"):
                        event["text"], touched = new, True
            if touched:
                atomic_write_bytes(path, dump_json(data))
                changed += 1
        if index is not None and meeting_id is not None:
            row = index.get(meeting_id)
            notes = row.get("notes") if row else None
            if isinstance(notes, list):
                new_notes = [{**n, "text": _convert(n.get("text"), opener, target)}
                             if isinstance(n, dict) else n for n in notes]
                if new_notes != notes:
                    index.update(meeting_id, notes=new_notes)
        if progress is not None:
            progress(i + 1, len(files))
    return changed


def _save_lock(root: Path, group: Row, lock: Lock | None) -> Row:
    book = GroupBook(locations.groups_file(root))
    return book.modify(group["id"], lambda _g: {"lock": lock}) or {**group, "lock": lock}


def turn_on(root: Path, group: Row, passphrase: str) -> tuple[Row, Keyring]:
    """Lock the group's notes (new salt, new key), then seal the notes it already has."""
    lock, keys = crypto.new_lock(passphrase)
    group = _save_lock(root, group, {**lock, "unfinished": True})
    reseal(root, group, None, keys)
    return _save_lock(root, group, lock), keys


def change(root: Path, group: Row, current: str, new: str) -> tuple[Row, Keyring]:
    """A new passphrase and key; every note sealed again. WrongPassphrase if ``current`` is."""
    old = unlock_group(group, current)
    lock, keys = crypto.new_lock(new, keep=old)  # the old key, under the new passphrase
    group = _save_lock(root, group, {**lock, "unfinished": True})
    reseal(root, group, keys, keys)
    lock, keys = crypto.only_current(lock, keys)
    return _save_lock(root, group, lock), keys


def finish(root: Path, group: Row, current: str) -> tuple[Row, Keyring]:
    """Finish a change a crash interrupted (the lock says ``unfinished``)."""
    keys = unlock_group(group, current)
    reseal(root, group, keys, keys)
    lock = lock_of(group) or {}  # there is one: unlock_group refuses a group without
    lock, keys = crypto.only_current({k: v for k, v in lock.items() if k != "unfinished"}, keys)
    return _save_lock(root, group, lock), keys


def turn_off(root: Path, group: Row, current: str) -> Row:
    """Every note back to plain text, then the lock removed. WrongPassphrase if wrong."""
    keys = unlock_group(group, current)
    reseal(root, group, keys, None)
    return _save_lock(root, group, None)


__all__ = ["Damaged", "Keyring", "Locked", "WrongPassphrase", "is_protected", "keys_for"]
