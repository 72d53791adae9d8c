"""Past meetings: list, search, open, delete and purge them, from the index.

Listing and searching read ``index.json`` only (one row per meeting, with its notes'
texts), so 1,000 meetings cost one small file read rather than 1,000. A meeting file is
opened only to show or export that meeting, or when its size no longer matches what the
index recorded (then it is checked, and listed as damaged if it does not parse: never
hidden, deleted or rewritten). Nothing here takes a group's writer lock, and an open
meeting is never deleted. No Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from roomtui.meeting import Meeting
from roomtui.meeting.text import name_key
from roomtui.storage import DamagedFile, MeetingIndex, MeetingLog, locations
from roomtui.storage.index_rows import row_extras
from roomtui.storage.protect import open_events
from roomtui.storage.recovery import heal_index, meeting_ids

DAY = 86_400


class NotFound(LookupError):
    """No meeting with that id; ``str()`` is a sentence for a person."""


class StillOpen(Exception):
    """The meeting is still open (a facilitator app may be writing it)."""




@dataclass
class Listing:
    """One meeting in the list. ``damaged`` says why its file cannot be read, if so."""

    row: dict
    damaged: str | None = None
    _haystack: list[tuple[str, dict]] | None = field(default=None, repr=False)
    _joined: str = field(default="", repr=False)

    def haystack(self) -> list[tuple[str, dict]]:
        """Each note's searchable text (tag and text, case-folded), worked out once."""
        if self._haystack is None:
            self._haystack = [
                (name_key(f"{note.get('tag', '')} {note.get('text', '')}"), note)
                for note in self.row.get("notes") or []
                if isinstance(note, dict)
            ]
            self._joined = "\n".join(hay for hay, _ in self._haystack)
        return self._haystack

    def might_match(self, words: list[str]) -> bool:
        """A quick test on all notes at once, before looking note by note."""
        self.haystack()
        return all(w in self._joined for w in words)

    @property
    def id(self) -> str:
        return str(self.row.get("id", ""))

    @property
    def is_open(self) -> bool:
        return self.row.get("ended_at") is None

    def length(self, now: float) -> float:
        return length(self.row, now)


def length(row: dict, now: float) -> float:
    """A listed meeting's length in seconds: nothing before it began. Shown as whole
    seconds rounded (``round``), the one rule the list, ``sessions`` and export share."""
    if not held(row):
        return 0.0
    start = row.get("started_at") or 0.0
    end = row.get("ended_at") or (now if row.get("ended_at") is None else start)
    return max(0.0, float(end) - float(start))


def held(row: dict) -> bool:
    """Whether a row is a meeting that took place: one ended before it began (set up,
    then closed) is not a meeting. Rows from before "not started" existed all began."""
    return row.get("begun", True) is not False


def listed(row: dict) -> bool:
    """Whether the list of meetings shows a row: held, or still open (not started yet)."""
    return held(row) or row.get("ended_at") is None


def _check_file(root: Path, meeting_id: str) -> str | None:
    """Why the meeting's file cannot be read, or None if it reads."""
    path = locations.meeting_file(root, meeting_id)
    if not path.exists():
        return "its file is missing"
    try:
        Meeting(MeetingLog(path, readonly=True).events())
    except DamagedFile as err:
        return err.reason
    except (KeyError, TypeError, ValueError) as err:
        return f"its events do not make sense ({type(err).__name__})"
    return None


def list_meetings(root: Path, group_id: str | None = None) -> list[Listing]:
    """Every meeting, newest first, with damaged files marked (and orphan files listed)."""
    rows = index_rows(root)
    if group_id is not None:
        rows = [r for r in rows if r.get("group_id") == group_id]
    sizes = meeting_ids(root)  # set-aside damaged copies are not meetings
    out = []
    for row in rows:
        rid = str(row["id"])
        size = sizes.pop(rid, None)
        if not listed(row):
            continue
        damaged = None
        if size is None:
            damaged = "its file is missing"
        elif row.get("file_size") != size:
            damaged = _check_file(root, rid)
        out.append(Listing(row, damaged))
    if group_id is None:
        for rid, _size in sizes.items():  # files the index does not know about
            orphan = _orphan(root, rid)
            if listed(orphan.row):
                out.append(orphan)
    out.sort(key=lambda item: item.row.get("started_at") or 0, reverse=True)
    return out


def index_rows(root: Path) -> list[dict]:
    """The index's rows; a damaged index is rebuilt from meetings/ first (it is derived)."""
    index = MeetingIndex(locations.index_file(root), readonly=True)
    if not locations.index_file(root).exists():
        return []
    try:
        return index.all()
    except DamagedFile:
        heal_index(root)  # sets the damaged one aside (see recovery.py)
        return index.all() if locations.index_file(root).exists() else []


def _orphan(root: Path, meeting_id: str) -> Listing:
    path = locations.meeting_file(root, meeting_id)
    try:
        meeting = Meeting(MeetingLog(path, readonly=True).events())
    except (DamagedFile, KeyError, TypeError, ValueError) as err:
        reason = err.reason if isinstance(err, DamagedFile) else "its events do not make sense"
        row = {"id": meeting_id, "group": "", "started_at": path.stat().st_mtime,
               "ended_at": None}
        return Listing(row, reason)
    state = meeting.state
    row = {"id": meeting_id, "group": state.group, "group_id": None,
           "started_at": state.started_at, "ended_at": state.ended_at,
           "begun": state.begun, **row_extras(meeting, path)}
    return Listing(row)


@dataclass
class Hit:
    """A meeting whose notes match a search, with the notes that matched."""

    listing: Listing
    notes: list[dict] = field(default_factory=list)


def search(listings: Iterable[Listing], query: str) -> list[Hit]:
    """Meetings with a note containing every word of ``query`` (any case), in list order."""
    words = [name_key(w) for w in query.split()]
    if not words:
        return [Hit(item) for item in listings]
    hits = []
    for item in listings:
        if not item.might_match(words):
            continue
        found = [note for hay, note in item.haystack() if all(w in hay for w in words)]
        if found:
            hits.append(Hit(item, found))
    return hits


def find_row(root: Path, meeting_id: str) -> dict:
    """The index row for ``meeting_id`` (or ``latest``); raises NotFound."""
    rows = index_rows(root)
    if meeting_id == "latest":
        rows = [r for r in rows if held(r)]  # the most recently held, not a visit
        if not rows:
            raise NotFound("There are no meetings yet.")
        return rows[0]
    row = next((r for r in rows if r["id"] == meeting_id), None)
    if row is None:
        if locations.meeting_file(root, meeting_id).exists() and "/" not in meeting_id:
            return {"id": meeting_id}
        raise NotFound(f"No meeting with id {meeting_id!r}. `roomtui sessions` lists them.")
    return row


def load(root: Path, meeting_id: str, keys=None) -> Meeting:
    """The meeting replayed from its file, read only. Raises NotFound or DamagedFile.

    ``keys``: its group's note keys when the notes are locked (else they read as locked).
    """
    row = find_row(root, meeting_id)
    path = locations.meeting_file(root, row["id"])
    if not path.exists():
        raise NotFound(f"The file for meeting {row['id']} is missing: {path}")
    events = open_events(MeetingLog(path, readonly=True).events(), keys, path)
    try:
        return Meeting(events)
    except (KeyError, TypeError, ValueError):
        raise DamagedFile(path, "its events do not make sense") from None


def delete(root: Path, meeting_id: str) -> dict:
    """Remove a meeting's file and index row. An open meeting is refused (StillOpen)."""
    row = find_row(root, meeting_id)
    if row.get("ended_at") is None and "started_at" in row:
        raise StillOpen(
            "This meeting is still open. End it in the facilitator app (e), then delete it."
        )
    locations.meeting_file(root, row["id"]).unlink(missing_ok=True)
    if locations.index_file(root).exists():
        MeetingIndex(locations.index_file(root)).remove(row["id"])
    return row


@dataclass
class PurgeReport:
    """What a purge did, for a sentence to the person who asked."""

    removed: list[dict] = field(default_factory=list)
    kept_damaged: list[str] = field(default_factory=list)
    kept_open: int = 0

    def sentence(self, days: int) -> str:
        n = len(self.removed)
        said = (
            f"Removed {n} meeting{'s' if n != 1 else ''} older than {days} "
            f"day{'s' if days != 1 else ''}."
            if n
            else f"No meetings older than {days} day{'s' if days != 1 else ''}."
        )
        if self.kept_open:
            said += f" Kept {self.kept_open} still open."
        if self.kept_damaged:
            said += (
                f" Kept {len(self.kept_damaged)} damaged file(s) as they were: "
                + ", ".join(self.kept_damaged) + "."
            )
        return said


MAX_DAYS = 365_000


def parse_days(raw: str) -> int:
    """A whole number of days, 0 or more; ValueError with a sentence otherwise."""
    try:
        days = int(str(raw).strip())
    except ValueError:
        raise ValueError(
            f"--older-than takes a whole number of days, like 365 (got {raw!r})."
        ) from None
    if days < 0:
        raise ValueError(f"--older-than cannot be negative (got {days}).")
    if days > MAX_DAYS:  # a date that far back does not exist (it crashed the purge)
        raise ValueError(f"--older-than takes at most {MAX_DAYS} days (about 1,000 years).")
    return days


def purge(root: Path, days: int, now: float, group_id: str | None = None) -> PurgeReport:
    """Delete ended meetings that started more than ``days`` days before ``now``."""
    report = PurgeReport()
    if not locations.index_file(root).exists():
        return report
    cutoff = now - days * DAY
    for item in list_meetings(root, group_id):
        started = item.row.get("started_at") or 0
        if started >= cutoff:
            continue
        if item.damaged:
            report.kept_damaged.append(item.id)
        elif item.is_open:
            report.kept_open += 1
        else:
            report.removed.append(delete(root, item.id))
    return report
