"""Storage that heals (issue #11): what roomtui mends by itself, and the sentence it says.

- ``index.json`` is derived from ``meetings/``. Missing, damaged (unreadable, wrong
  shape, wrong types) or disagreeing with the meeting files, it is rebuilt from them;
  a damaged original is first set aside, byte for byte, as
  ``index.damaged-<time>.json``.
- A group's open meeting whose file is missing: the group gets a new meeting.
- A group's open meeting with a bad event: the events before it are kept as the meeting,
  the original is set aside as ``<id>.damaged-<time>.json``; if nothing usable is left
  (the file does not parse), the original is set aside and a new meeting begins.

Nothing is ever deleted or written over: a damaged file is renamed, never rewritten.
No Textual.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from roomtui.meeting import Meeting
from roomtui.meeting.events import Event
from roomtui.meeting.schema import valid_prefix
from roomtui.storage import DamagedFile, GroupBook, MeetingIndex, MeetingLog, locations
from roomtui.storage.atomic import atomic_write_bytes, dump_json, fsync_dir
from roomtui.storage.index_rows import index_row
from roomtui.storage.stores import Row

DAMAGED = ".damaged-"


def set_aside(path: Path, now: float) -> Path:
    """Rename ``path`` to ``<stem>.damaged-<time><suffix>`` (never over another file)."""
    path = Path(path)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    target = path.with_name(f"{path.stem}{DAMAGED}{stamp}{path.suffix}")
    n = 1
    while target.exists() or target.is_symlink():
        n += 1
        target = path.with_name(f"{path.stem}{DAMAGED}{stamp}-{n}{path.suffix}")
    os.link(path, target, follow_symlinks=False)  # fails rather than replace anything
    os.unlink(path)
    fsync_dir(path.parent)
    return target


def meeting_ids(root: Path) -> dict[str, int]:
    """Meeting files in meetings/ (id -> size); set-aside and temp files are not meetings."""
    out = {}
    with os.scandir(locations.meetings_dir(root)) as entries:
        for entry in entries:
            name = entry.name
            if name.endswith(".json") and not name.startswith(".") and "." not in name[:-5]:
                try:
                    if entry.is_file(follow_symlinks=False):
                        out[name[:-5]] = entry.stat().st_size
                except OSError:
                    continue
    return out


# -- the index ---------------------------------------------------------------------------


@dataclass
class IndexHealing:
    """What ``heal_index`` did, for one sentence."""

    rebuilt: bool = False
    why: str = ""
    set_aside: Path | None = None
    dropped: list[Row] = field(default_factory=list)  # rows whose meeting file is gone
    unreadable: list[str] = field(default_factory=list)
    old: dict[str, Row] = field(default_factory=dict)  # the rows it had, when readable

    def sentence(self, detail: bool = True) -> str:
        """What was done; ``detail=False`` is short enough for the live screen's line."""
        if not self.rebuilt:
            return ""
        if not detail:
            said = "The list of meetings (index.json) was rebuilt from the meeting files."
            if self.set_aside is not None:
                said += f" The damaged one is kept as {self.set_aside.name}."
            return said
        said = (f"The list of meetings (index.json) {self.why}, so roomtui rebuilt it from "
                "the meeting files.")
        if self.set_aside is not None:
            said += f" The damaged file was kept as {self.set_aside.name}."
        if self.dropped:
            n = len(self.dropped)
            said += f" {n} meeting{'s' if n != 1 else ''} no longer {'have' if n != 1 else 'has'} a file."
        return said


def _row_for(root: Path, meeting_id: str, size: int, groups: dict[str, str],
             old: dict[str, Row], now: float) -> tuple[Row, bool]:
    """An index row made from the meeting file (the valid events only); and whether whole."""
    path = locations.meeting_file(root, meeting_id)
    try:
        rows = MeetingLog(path, readonly=True).rows()
    except DamagedFile:
        rows = []
    good, problem = valid_prefix(rows)
    if not good:
        mtime = path.stat().st_mtime
        return {"id": meeting_id, "group": "", "group_id": None, "started_at": mtime,
                "ended_at": mtime, "file_size": None}, False
    meeting = Meeting(good)
    first = good[0]
    group_id = first.get("group_id") if isinstance(first.get("group_id"), str) else None
    group_id = group_id or (old.get(meeting_id) or {}).get("group_id") \
        or groups.get(meeting.state.group)
    row = index_row(meeting, group_id, now, path)
    if problem is not None:
        row["file_size"] = None  # looked at again, and shown as damaged, when listed
    return row, problem is None


def _group_ids(root: Path) -> dict[str, str]:
    try:
        return {str(g["name"]): g["id"] for g in GroupBook(locations.groups_file(root),
                                                            readonly=True).all()}
    except DamagedFile:
        return {}


def _look(root: Path, index: MeetingIndex, report: IndexHealing) -> dict[str, Row] | None:
    """The index rows by id if index.json is sound and matches meetings/, else None (and
    ``report.why`` says what is wrong)."""
    path = index.path
    files = meeting_ids(root)
    if not path.exists() and not path.is_symlink():
        if files:
            report.why = "was missing"
            return None
        return {}
    try:
        old = {r["id"]: r for r in index.all()}
    except DamagedFile as err:
        report.why = f"could not be read ({err.reason})"
        return None
    report.dropped = [r for i, r in old.items() if i not in files]
    if report.dropped or any(i not in old for i in files):
        report.why = "did not match the meeting files"
        report.old = old
        return None
    return old


def heal_index(root: Path, now: float | None = None,
               index: MeetingIndex | None = None) -> IndexHealing:
    """Check index.json against meetings/ and rebuild it if it is missing, damaged or wrong.

    Looks first without the lock (a read-only folder can still be listed); to rebuild it
    takes the index's lock and looks again, so a facilitator app adding its row waits,
    then adds to the rebuilt index.
    """
    now = time.time() if now is None else now
    path = locations.index_file(root)
    index = index or MeetingIndex(path, readonly=True)  # the caller's: its read is reused
    if _look(root, index, IndexHealing()) is not None:
        return IndexHealing()
    report = IndexHealing()
    with MeetingIndex(path)._lock:
        if _look(root, index, report) is not None:
            return IndexHealing()  # mended meanwhile by another roomtui
        if report.why.startswith("could not be read"):
            report.set_aside = set_aside(path, now)
        report.rebuilt = True
        groups = _group_ids(root)
        table = {}
        for n, (meeting_id, size) in enumerate(sorted(meeting_ids(root).items()), start=1):
            try:
                row, whole = _row_for(root, meeting_id, size, groups, report.old, now)
            except OSError:
                continue  # gone meanwhile (deleted by purge): not listed
            if not whole:
                report.unreadable.append(meeting_id)
            table[str(n)] = row
        atomic_write_bytes(path, dump_json({"meetings": table}))
    return report


# -- a group's open meeting ----------------------------------------------------------------


@dataclass
class Reopened:
    """The open meeting as found on disk, after healing: events to resume, or none."""

    events: list[Event]
    note: str = ""


def reopen_meeting(root: Path, meeting_id: str, now: float) -> Reopened:
    """The writer's view of its group's open meeting, healed if need be (lock held)."""
    path = locations.meeting_file(root, meeting_id)
    rel = f"meetings/{path.name}"
    if not path.exists():
        return Reopened([], f"The open meeting's file ({rel}) is missing, so a new meeting "
                            "was started.")
    try:
        rows = MeetingLog(path).rows()
    except DamagedFile as err:
        kept = set_aside(path, now)
        return Reopened([], (f"The open meeting's file ({rel}) could not be read "
                             f"({err.reason}). It was kept as {kept.name} and a new meeting "
                             "was started."))
    good, problem = valid_prefix(rows)
    if problem is None:
        return Reopened(good)
    kept = set_aside(path, now)
    if not good:
        return Reopened([], (f"The open meeting's file ({rel}) could not be used ({problem}). "
                             f"It was kept as {kept.name} and a new meeting was started."))
    table = {str(i + 1): ev for i, ev in enumerate(good)}
    atomic_write_bytes(path, dump_json({"events": table}))
    return Reopened(good, (
        f"Part of this meeting's file was damaged ({problem}), so the first {len(good)} of "
        f"{len(rows)} events were kept and the meeting goes on from there; the original is "
        f"kept as {kept.name}."))
