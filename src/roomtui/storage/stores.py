"""roomtui's files, each a TinyDB database on ``AtomicJSONStorage``.

- ``meetings/<id>.json``: one meeting's event log (table ``events``), small and
  append-only, so every write stays cheap however many meetings there are.
- ``index.json``: one row per meeting, for listing and searching without opening them.
- ``groups.json``: groups with their rosters, agreements and settings.

Query caches are off (``cache_size=0``) so a reader always sees the file as it is now.
"""

from __future__ import annotations

import functools
import json
import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeAlias, TypeVar, cast

from tinydb import Query, TinyDB

from roomtui.meeting.events import Event
from roomtui.meeting.schema import (
    DICT,
    DICTS,
    INT,
    LIST,
    NUMBER,
    OPT_BOOL,
    OPT_DICT,
    OPT_INT,
    OPT_NUMBER,
    OPT_TEXT,
    OPT_TEXTS,
    TEXT,
    TEXTS,
    check_event,
    check_fields,
)
from roomtui.meeting.text import name_key
from roomtui.storage.atomic import AtomicJSONStorage, DamagedFile, FileKey, dump_json, read_json
from roomtui.storage.lock import FileLock

#: A document of index.json (a meeting's row: ``INDEX_FIELDS``) or of groups.json (a
#: group: ``GROUP_FIELDS``), as JSON gives it.
Row: TypeAlias = dict[str, Any]


class _Locked(Protocol):
    """A store whose writes ``exclusive`` guards."""

    @property
    def _lock(self) -> FileLock: ...

    def _check(self) -> None: ...


_S = TypeVar("_S", bound=_Locked)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def exclusive(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Run a read-modify-write under the file's lock (see ``FileLock``)."""

    @functools.wraps(method)
    def locked(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            self._check()  # never write over a file that fails the checks
            return method(self, *args, **kwargs)

    return locked


def fresh(db: TinyDB) -> None:
    """Forget each table's next id: TinyDB caches it per process, and another roomtui may
    have added rows since (two processes then picked the same id: issue #11, item 7).
    Called under the file's lock, so the id is worked out from the file as it is now."""
    for table in db._tables.values():
        table._next_id = None


def _open(path: Path, readonly: bool = False) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, readonly=readonly)


def _storage(db: TinyDB) -> AtomicJSONStorage:
    """The storage of a database ``_open`` made (TinyDB types it as its base class)."""
    return cast(AtomicJSONStorage, db.storage)


class MeetingLog:
    """One meeting's events, in order. A writer appends; readers reload on change."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._db = _open(self.path, readonly)
        self._table = self._db.table("events", cache_size=0)

    def rows(self) -> list[Any]:
        """The stored events as they are, in the order they were written (unchecked)."""
        data = self._db.storage.read() or {}
        table = data.get("events") or {}
        def order(item: tuple[str, Any]) -> tuple[int, int, int]:
            # by seq where it is a number (as written), else where it stood
            seq = item[1].get("seq") if isinstance(item[1], dict) else None
            if isinstance(seq, int) and not isinstance(seq, bool):
                return (0, seq, int(item[0]))
            return (1, 0, int(item[0]))

        return [dict(v) if isinstance(v, dict) else v for _, v in sorted(table.items(), key=order)]

    _checked: tuple[int, Event] | None = None  # (events checked, the last of them)

    def events(self) -> list[Event]:
        """Every event, each checked field by field; DamagedFile names the first bad one.

        A follower re-reads the log at every change: when the last event checked is still
        in its place (the log has grown, as the writer grows it), only the new events are
        checked; any other change is checked whole. A fresh reader checks every event.
        """
        rows = self.rows()
        start = 0
        if self._checked is not None:
            n, last = self._checked
            if 0 < n <= len(rows) and rows[n - 1] == last:
                start = n
        for i in range(start, len(rows)):
            problem = check_event(rows[i], i)
            if problem is not None:
                self._checked = None
                raise DamagedFile(self.path, problem)
        self._checked = (len(rows), rows[-1]) if rows else None
        return rows

    def append(self, event: Event) -> OSError | None:
        """In the file when this returns. Raises OSError when the event is not in the file.

        A step can fail after the new file is already in place (the folder's fsync after
        ``os.replace``): the event is then on disk and counts, and the error is returned
        instead of raised, so the caller folds it in and the next event never reuses
        its ``seq``. Memory always follows the disk.
        """
        try:
            _storage(self._db).append("events", event)
        except OSError as err:
            if self._landed(event):
                return err
            raise
        return None

    def _landed(self, event: Event) -> bool:
        """Whether the file as it is now ends with ``event`` (read afresh, not cached)."""
        try:
            rows = read_json(self.path).get("events") or {}
            last = rows[max(rows, key=int)] if rows else None
            return bool(last == json.loads(dump_json(event)))  # JSON values: a bool already
        except (OSError, DamagedFile, AttributeError, TypeError, ValueError):
            return False

    def close(self) -> None:
        self._db.close()


#: An index row's fields and their types (the index is rebuilt from meetings/ if one fails).
INDEX_FIELDS = {
    "id": (TEXT, True), "group": (TEXT, True), "started_at": (NUMBER, True),
    "group_id": (OPT_TEXT, False), "ended_at": (OPT_NUMBER, False), "format": (TEXT, False),
    "people": (INT, False), "spoke": (INT, False), "turns": (INT, False),
    "events": (INT, False), "attended": (INT, False), "note_count": (INT, False),
    "notes": (DICTS, False), "file_size": (OPT_INT, False), "present": (OPT_TEXTS, False),
}
NOTE_FIELDS = {"at": (NUMBER, False), "tag": (TEXT, False), "text": (TEXT, False),
               "phase": (TEXT, False)}


def check_index_rows(path: Path, rows: list[Any]) -> list[Row]:
    """Every row, field by field: DamagedFile names the first that is wrong."""
    seen: set[object] = set()
    for i, row in enumerate(rows):
        where = f"meeting {row.get('id')!r}" if isinstance(row, dict) else f"row {i + 1}"
        if not isinstance(row, dict):
            raise DamagedFile(path, f"{where} is not an object")
        problem = check_fields(row, INDEX_FIELDS, where)
        for note in row.get("notes") or []:
            problem = problem or check_fields(note, NOTE_FIELDS, f"{where}'s note")
        if problem is None and row["id"] in seen:
            problem = f"{where} is listed twice"
        if problem:
            raise DamagedFile(path, problem)
        seen.add(row["id"])
    return rows


class MeetingIndex:
    """The list of meetings: id, group, times and a few counts, one row each."""

    _checked: FileKey | None = None  # the file version (inode, size, mtime) last checked

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self._db = _open(self.path, readonly)
        self._table = self._db.table("meetings", cache_size=0)
        self._lock = FileLock(self.path)

    def all(self) -> list[Row]:
        rows = [dict(doc) for doc in self._table.all()]
        key = _storage(self._db)._key  # the file as just read: checked once per version
        if key is None or key != self._checked:
            check_index_rows(self.path, rows)
            self._checked = key
        return sorted(rows, key=lambda r: r.get("started_at") or 0, reverse=True)

    def get(self, meeting_id: str) -> Row | None:
        return next((r for r in self.all() if r["id"] == meeting_id), None)

    def _check(self) -> None:
        fresh(self._db)
        self.all()

    @exclusive
    def add(self, row: Mapping[str, Any]) -> None:
        self._table.upsert(row, Query().id == row["id"])

    @exclusive
    def update(self, /, meeting_id: str, **fields: Any) -> None:
        self._table.update(fields, Query().id == meeting_id)

    @exclusive
    def remove(self, meeting_id: str) -> None:
        self._table.remove(Query().id == meeting_id)

    def open_for_group(self, group_id: str) -> Row | None:
        rows = [r for r in self.all() if r.get("group_id") == group_id and r.get("ended_at") is None]
        return rows[0] if rows else None


def slugify(name: str) -> str:
    """A file-safe id stem for a group name (the name itself can be anything)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40]
    return slug or "group"


GROUP_FIELDS = {"id": (TEXT, True), "name": (TEXT, True), "roster": (LIST, False),
                "settings": (DICT, False), "format": (OPT_TEXT, False),
                "agreements": (TEXTS, False), "prompts": (DICTS, False)}
PERSON_FIELDS = {"name": (TEXT, True), "role": (OPT_TEXT, False), "mentor": (OPT_TEXT, False),
                 "milestone": (OPT_DICT, False)}
PROMPT_FIELDS = {"kind": (TEXT, True), "text": (TEXT, True)}
SETTING_FIELDS = {"retention_days": (OPT_INT, False), "bell": (OPT_BOOL, False),
                  "priority_unspoken": (OPT_BOOL, False)}


def check_group(path: Path, row: object, i: int) -> None:
    """One group, field by field (a person can edit groups.json): DamagedFile names it."""
    if not isinstance(row, dict):
        raise DamagedFile(path, f"group {i + 1} is not an object")
    where = f"group {row['id']!r}" if isinstance(row.get("id"), str) else f"group {i + 1}"
    problem = check_fields(row, GROUP_FIELDS, where)
    for n, person in enumerate((row.get("roster") or []) if problem is None else []):
        if not isinstance(person, str):
            problem = problem or (
                check_fields(person, PERSON_FIELDS, f"{where}'s roster entry {n + 1}")
                if isinstance(person, dict)
                else f"{where}'s roster entry {n + 1} is not a name")
    for n, prompt in enumerate((row.get("prompts") or []) if problem is None else []):
        problem = problem or check_fields(prompt, PROMPT_FIELDS,
                                          f"{where}'s quiet prompts (number {n + 1})")
    if problem is None:
        problem = check_fields(row.get("settings") or {}, SETTING_FIELDS, f"{where}'s settings")
    if problem:
        raise DamagedFile(path, problem.replace("'prompts'", "'prompts' (the quiet prompts)"))


class GroupBook:
    """Groups and their rosters, agreements and settings, plus the last group used."""

    _checked: FileKey | None = None  # the file version (inode, size, mtime) last checked

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self._db = _open(self.path, readonly)
        self._groups = self._db.table("groups", cache_size=0)
        self._app = self._db.table("app", cache_size=0)
        self._lock = FileLock(self.path)

    def all(self) -> list[Row]:
        rows = [dict(doc) for doc in self._groups.all()]
        key = _storage(self._db)._key  # the file as just read: checked once per version
        if key is None or key != self._checked:
            for i, row in enumerate(rows):
                check_group(self.path, row, i)
            self._checked = key
        return rows

    def get(self, group_id: str) -> Row | None:
        return next((g for g in self.all() if g["id"] == group_id), None)

    def _check(self) -> None:
        fresh(self._db)
        self.all()
        self.last_used()

    def find(self, name: str) -> Row | None:
        key = name_key(name)  # the one name key: case, width, accents, spacing
        return next((group for group in self.all() if name_key(group["name"]) == key), None)

    @exclusive
    def create(self, /, name: str, **fields: Any) -> Row:
        taken = {g["id"] for g in self.all()}
        gid = slugify(name)
        while gid in taken:
            gid = f"{slugify(name)}-{secrets.token_hex(2)}"
        row = {"id": gid, "name": name, "roster": [], "settings": {}, **fields}
        self._groups.insert(row)
        return row

    @exclusive
    def update(self, /, group_id: str, **fields: Any) -> None:
        self._groups.update(fields, Query().id == group_id)

    @exclusive
    def remove(self, group_id: str) -> None:
        self._groups.remove(Query().id == group_id)

    def last_used(self) -> str | None:
        rows = self._app.all()
        last = rows[0].get("last_group") if rows else None
        if last is not None and not isinstance(last, str):
            raise DamagedFile(self.path, "'last_group' should be a text")
        return last

    @exclusive
    def modify(self, group_id: str, change: Callable[[Row], Mapping[str, Any]]) -> Row | None:
        """Read the group as it is now, apply ``change`` (returns the fields to set), save."""
        group = self.get(group_id)
        if group is None:
            return None
        fields = change(group)
        if fields:
            self._groups.update(fields, Query().id == group_id)
            group.update(fields)
        return group

    @exclusive
    def set_last_used(self, group_id: str) -> None:
        if self.last_used() != group_id:
            self._app.truncate()
            self._app.insert({"last_group": group_id})
