"""Following a group's meeting from another process, read-only: the core of watch, room, serve.

The facilitator's app is the meeting's only writer. A follower never writes: it finds
the group's open meeting through the index, reads the meeting's event log and folds it
with the same pure core the writer uses. Because the writer replaces files whole
(``os.replace``), a read sees the old file or the new one, never half of one; the
storage caches a parse by (inode, size, mtime), so polling a few times a second costs a
few ``stat`` calls while nothing changes. While none of the files it reads has changed
(and the facilitator's lock is as it was), ``poll()`` returns the very same Snapshot, so a
view can tell "nothing happened" by identity and redraw nothing but its clock. Once it
has found its group it follows it by id, so a rename does not lose it. No Textual here,
so all of it is testable without a screen.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from roomtui.meeting import Meeting, MeetingState
from roomtui.meeting.text import name_key
from roomtui.storage import DamagedFile, GroupBook, MeetingIndex, MeetingLog, is_locked, locations

#: Seconds between two looks at the files: a few ``stat`` calls each while nothing
#: changes, at the rate the facilitator's app looks at its inbox and redraws its clock.
#: A change shows within a second; faster looking cost the views most of their idle CPU.
POLL_SECONDS = 1.0

#: Nothing to show yet: no such group, or no meeting open for it.
WAITING = "waiting"
#: A meeting is open and readable.
LIVE = "live"
#: The meeting we were following has ended (and no new one has begun).
ENDED = "ended"


@dataclass(frozen=True)
class Snapshot:
    """What a follower knows at one moment, for a view to draw."""

    status: str
    group_name: str = ""
    group_id: str = ""
    settings: dict = field(default_factory=dict)
    meeting_id: str = ""
    state: MeetingState | None = None
    #: Whether a facilitator app holds the group's writer lock right now.
    facilitator_running: bool = False
    #: A file could not be read: the last good state is still shown; this says why.
    problem: str = ""
    #: Events folded so far; grows with every change (used by tests and the soak check).
    events: int = 0

    @property
    def message(self) -> str:
        """One calm sentence about where things stand (empty when all is well)."""
        if self.problem:
            return self.problem
        if self.status == WAITING:
            who = f"“{self.group_name}”" if self.group_name else "the group"
            return f"Waiting for {who} to begin a meeting. This view follows it when it starts."
        if self.status == ENDED:
            return "The meeting has ended."
        if not self.facilitator_running:
            return "The facilitator's app is not running: showing the meeting as last saved."
        return ""


def missing_group(root: Path, name: str | None) -> str:
    """A sentence when ``name`` names no group (with close matches), else "".

    No name, or no groups at all yet (a first run), is not a mistake: the view waits.
    """
    if not name or not locations.groups_file(Path(root)).exists():
        return ""
    groups = GroupBook(locations.groups_file(Path(root)), readonly=True).all()
    names = [str(g.get("name", "")) for g in groups]
    by_fold = {name_key(n): n for n in names}
    if name_key(name) in by_fold:
        return ""
    close = difflib.get_close_matches(name_key(name), list(by_fold), n=3, cutoff=0.6)
    shown = "".join(ch for ch in " ".join(name.split()) if ch.isprintable())
    sentence = f"There is no group called “{shown}”."
    if close:
        sentence += " Did you mean " + " or ".join(f"“{by_fold[c]}”" for c in close) + "?"
    elif names:
        sentence += " Groups: " + ", ".join(f"“{n}”" for n in names[:8]) + "."
    return sentence


def _stat(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class Follower:
    """Polls the data folder for a group's meeting; ``poll()`` returns a fresh Snapshot.

    Tolerates, at any moment: the meeting file being replaced, the index or groups file
    being rewritten, the meeting ending, a new meeting starting (it follows the new one),
    the facilitator's app stopping, and a damaged file (the last good state stays up).
    """

    def __init__(self, root: Path, group_name: str | None = None,
                 group_id: str | None = None) -> None:
        self.root = Path(root)
        self.group_name = group_name
        #: Follow this group whatever it is renamed to (serve's browser views).
        self.group_id = group_id
        self._groups = GroupBook(locations.groups_file(self.root), readonly=True)
        self._index = MeetingIndex(locations.index_file(self.root), readonly=True)
        self._group: dict | None = None
        self._log: MeetingLog | None = None
        self._meeting_id = ""
        self._meeting: Meeting | None = None
        self._mark: tuple | None = None
        self._last: Snapshot | None = None

    # -- finding things --------------------------------------------------------------
    def _find_group(self) -> dict | None:
        if self.group_id:
            return self._groups.get(self.group_id)
        if self._group is not None and self.group_name:
            # found once: follow it by id, so a rename does not lose it
            return self._groups.get(self._group["id"])
        if self.group_name:
            return self._groups.find(" ".join(self.group_name.split()))
        last = self._groups.last_used()
        if last and (found := self._groups.get(last)) is not None:
            return found
        groups = self._groups.all()
        return groups[0] if groups else None

    def _follow(self, meeting_id: str) -> None:
        if meeting_id != self._meeting_id:
            if self._log is not None:
                self._log.close()
            self._meeting_id = meeting_id
            self._log = MeetingLog(locations.meeting_file(self.root, meeting_id), readonly=True)
            self._meeting = None

    def _forget_meeting(self) -> None:
        if self._log is not None:
            self._log.close()
        self._log, self._meeting_id, self._meeting = None, "", None

    def _read_meeting(self) -> Meeting | None:
        """The followed meeting, re-folded only when its log has grown."""
        assert self._log is not None
        events = self._log.events()
        if not events:
            return None  # file gone (purged) or not written yet
        meeting = self._meeting
        known = len(meeting.events) if meeting is not None else 0
        if meeting is not None and known < len(events) and events[known - 1] == meeting.events[-1]:
            for event in events[known:]:  # the log only grows: fold in just the new events
                meeting.apply(event)
        elif meeting is None or known != len(events) or events[-1] != meeting.events[-1]:
            self._meeting = Meeting(events)  # first read, or a different file: start over
        return self._meeting

    # -- the one public step -----------------------------------------------------------
    def _look(self) -> tuple:
        """The cheap part: a stat of each file read, and whether the writer's lock is held."""
        root = self.root
        group_id = self._group["id"] if self._group is not None else ""
        return (
            _stat(locations.groups_file(root)),
            _stat(locations.index_file(root)),
            _stat(self._log.path) if self._log is not None else None,
            is_locked(locations.group_lock(root, group_id)) if group_id else False,
        )

    def poll(self) -> Snapshot:
        """A fresh Snapshot, or the last one itself while nothing it came from changed."""
        mark = self._look()
        if mark == self._mark and self._last is not None:
            return self._last
        snap = self._poll()
        self._mark, self._last = (mark, snap) if not snap.problem else (None, None)
        return snap

    def _poll(self) -> Snapshot:
        group_label = self.group_name or ""
        try:
            group = self._find_group()
            if group is not None:
                if self._group is not None and group["id"] != self._group["id"]:
                    self._forget_meeting()  # the last-used group changed: follow the new one
                self._group = group
            if self._group is None:
                return Snapshot(WAITING, group_name=group_label)
            group = self._group
            running = is_locked(locations.group_lock(self.root, group["id"]))
            base = {
                "group_name": str(group.get("name", "")),
                "group_id": str(group["id"]),
                "settings": dict(group.get("settings") or {}),
                "facilitator_running": running,
            }
            row = self._index.open_for_group(group["id"])
            if row is not None:
                self._follow(str(row["id"]))
            elif not self._meeting_id:
                return Snapshot(WAITING, **base)
            meeting = self._read_meeting()
            if meeting is None:
                return Snapshot(WAITING, **base)
            state = meeting.state
            status = LIVE if state.is_open else ENDED
            return Snapshot(
                status,
                meeting_id=self._meeting_id,
                state=state,
                events=len(meeting.events),
                **base,
            )
        except DamagedFile as err:
            return self._last_good(f"roomtui cannot read {err.path.name} ({err.reason}).")
        except OSError as err:
            return self._last_good(f"roomtui cannot read the data folder ({err.strerror or err}).")

    def _last_good(self, problem: str) -> Snapshot:
        """Keep showing what we had, and say why it may be stale."""
        meeting = self._meeting
        group = self._group or {}
        state = meeting.state if meeting is not None else None
        status = WAITING if state is None else (LIVE if state.is_open else ENDED)
        return Snapshot(
            status,
            group_name=str(group.get("name", self.group_name or "")),
            group_id=str(group.get("id", "")),
            settings=dict(group.get("settings") or {}),
            meeting_id=self._meeting_id,
            state=state,
            problem=problem,
            events=len(meeting.events) if meeting is not None else 0,
        )

    def close(self) -> None:
        self._forget_meeting()
