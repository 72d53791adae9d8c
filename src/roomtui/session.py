"""Opening a group's meeting as its single writer: the glue between core and storage.

The facilitator app, the command line and the tests all go through ``open_session``,
so the order of things is the same everywhere: private data folder, temp files cleaned,
groups read, the group's lock taken, then the open meeting resumed (or a new one made).
No Textual here.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from roomtui.formats.files import FormatError, copy_format, default_format, find_format, load_formats
from roomtui.meeting import Meeting, Refused
from roomtui.meeting.model import BEGUN, ENDED, QUEUED, REDO, UNDO
from roomtui.meeting.notes import NOTE_EVENTS
from roomtui.meeting.text import name_key, strip_controls
from roomtui.records import archive
from roomtui.storage import (
    DamagedFile,
    GroupBook,
    MeetingIndex,
    MeetingLog,
    WriterLock,
    clean_temp_files,
    ensure_dir,
    locations,
    protect,
    recovery,
)
from roomtui.storage.atomic import loose_folders
from roomtui.storage.index_rows import index_row
from roomtui.views import raised

Clock = Callable[[], float]

STARTER_GROUP = "Starter group"
#: Example names so a first run shows a living screen; the README says to replace them.
STARTER_ROSTER = ["Ana", "Ben", "Cara", "Dev", "Eli", "Femi"]


class AfterSaveError(Exception):
    """The meeting's event was saved, but a file that follows from it was not updated."""

    def __init__(self, cause: OSError, what: str = "") -> None:
        super().__init__(str(cause))
        self.cause = cause
        why = cause.strerror or cause
        self.what = what or (f"Saved, but the roster or list of meetings could not be "
                             f"updated ({why}).")


def new_meeting_id(at: float) -> str:
    return time.strftime("%Y%m%d-%H%M", time.localtime(at)) + "-" + secrets.token_hex(2)


def prepare_data(root: Path) -> None:
    """Make the folders private and remove leftovers of interrupted writes."""
    for folder in (ensure_dir(root), locations.meetings_dir(root), locations.locks_dir(root)):
        clean_temp_files(folder)


def resolve_group(groups: GroupBook, name: str | None) -> dict:
    """The named group (made if new), else the last used, else the starter group."""
    if name:
        clean = " ".join(strip_controls(name).split())  # never an escape code in a name
        if not clean:
            raise ValueError("A group name cannot be empty.")
        found = groups.find(clean)
        if found is not None:
            return found
        return groups.create(clean, format=default_format()["name"], roster=[])
    last = groups.last_used()
    if last and (found := groups.get(last)) is not None:
        return found
    existing = groups.all()
    if existing:
        return existing[0]
    roster = [{"name": n, "role": "member"} for n in STARTER_ROSTER]
    return groups.create(STARTER_GROUP, format=default_format()["name"], roster=roster)


def pick_format(formats: list[dict], name: object) -> tuple[dict, str]:
    """The group's chosen format, or the default with a sentence saying why."""
    if isinstance(name, str) and name.strip():
        found = find_format(formats, name)
        if found is not None:
            return found, ""
        fallback = find_format(formats, default_format()["name"]) or default_format()
        return fallback, (f"The group's format “{name}” could not be found or read, so this "
                          f"meeting follows “{fallback['name']}”. Press f to see formats.")
    return find_format(formats, default_format()["name"]) or default_format(), ""


def roster_names(group: dict) -> list[str]:
    """The roster as the meeting sees it: names cleaned of control codes, blanks dropped.

    groups.json is a file a person can edit, so its names are hostile input too.
    """
    names = []
    for person in group.get("roster", []):
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str):
            name = " ".join(strip_controls(name).split())
            if name:
                names.append(name)
    return names


def not_saved(err: Exception) -> str:
    """What a screen says when a write failed and so nothing changed (one sentence)."""
    return f"Could not save ({getattr(err, 'strerror', None) or err}). Nothing was changed."


@dataclass
class Session:
    """A group's open meeting, held by this process as its only writer."""

    root: Path
    group: dict
    meeting: Meeting
    clock: Clock
    resumed: bool
    _log: MeetingLog = field(repr=False)
    _index: MeetingIndex = field(repr=False)
    _groups: GroupBook = field(repr=False)
    _lock: WriterLock = field(repr=False)
    #: What the group's retention setting removed on start, to say so on screen.
    purged: archive.PurgeReport | None = None
    formats: list[dict] = field(default_factory=list)
    """Shipped formats plus the group's own valid files, as last read."""
    format_errors: list[FormatError] = field(default_factory=list)
    """The group's format files that could not be used (left untouched on disk)."""
    format_note: str = ""
    """Why the meeting did not get the group's chosen format, if it did not."""
    keys: protect.Keyring | None = field(default=None, repr=False)
    """The group's note keys when its notes are locked (memory only; see protect.py)."""
    notices: list[str] = field(default_factory=list)
    """What roomtui mended by itself on opening (recovery.py), one sentence each."""
    healed: bool = False
    """The open meeting's file was mended (so "everything was saved" is not said)."""

    @property
    def state(self):
        return self.meeting.state

    def now(self) -> float:
        return self.clock()

    def record(self, event: dict) -> None:
        """Make an event durable, then fold it in: the screen never runs ahead of the disk.

        Raises OSError if the event could not be saved (nothing changed), or
        ``AfterSaveError`` if it was saved but a follow-up file (index, roster) was not.
        """
        problem = self._log.append(protect.seal_event(event, self.keys))
        self.meeting.apply(event)  # in the file: it counts, even if a later step failed
        try:
            if (event["type"] in (ENDED, BEGUN) or event["type"] in NOTE_EVENTS
                    or event.get("begins")):
                # notes searchable from the index as soon as written; a meeting that has
                # begun is "latest" for export even if the app is then killed
                self.checkpoint()
            if event.get("guest") and event.get("name"):
                self._remember_guest(event["name"])
            elif event["type"] in (UNDO, REDO):
                self._guest_undone_or_redone(event)
        except OSError as err:
            raise AfterSaveError(err) from err
        except DamagedFile as err:  # groups.json damaged meanwhile: left as it is
            raise AfterSaveError(OSError(err.reason), (
                f"Saved, but {err.path.name} could not be read ({err.reason}), so it was "
                "not updated.")) from err
        if problem is not None:
            raise AfterSaveError(problem, (
                f"Saved, but the disk reported a problem ({problem.strerror or problem}): "
                "if the laptop stops now, this last step may be lost."))

    def _remember_guest(self, name: str) -> None:
        def add(group: dict) -> dict:
            if any(name_key(n) == name_key(name) for n in roster_names(group)):
                return {}
            return {"roster": [*group.get("roster", []), {"name": name, "role": "guest"}]}

        self.group = self._groups.modify(self.group["id"], add) or self.group

    def _guest_undone_or_redone(self, event: dict) -> None:
        """A guest added by mistake and undone before their first turn leaves the roster
        again (a typo must not become a person); redo brings them back."""
        target = event.get("target")
        events = self.meeting.events
        if not isinstance(target, int) or not 0 <= target < len(events):
            return
        queued = events[target]
        if queued.get("type") != QUEUED or not queued.get("guest") or not queued.get("name"):
            return
        name = queued["name"]
        if event["type"] == REDO:
            self._remember_guest(name)
            return
        state, key = self.state, name_key(name)
        if (any(name_key(g) == key for g in state.guests)
                or any(name_key(t.name) == key for t in state.all_turns())
                or state.waiting(name) is not None
                or any(name_key(n) == key for n in state.round_left or [])):
            return  # still part of this meeting

        def drop(group: dict) -> dict:
            roster = group.get("roster", [])
            kept = [p for p in roster if not (
                isinstance(p, dict) and p.get("role") == "guest"
                and isinstance(p.get("name"), str) and name_key(p["name"]) == key)]
            return {"roster": kept} if len(kept) != len(roster) else {}

        self.group = self._groups.modify(self.group["id"], drop) or self.group
        self.sync_roster()

    def sync_roster(self) -> None:
        """Seat order is the roster's order: after the group's roster changes, the open
        meeting records the new order (rounds and the people panel follow it)."""
        state = self.meeting.state
        names = roster_names(self.group)
        keys = {name_key(n) for n in names}
        seats = names + [g for g in state.guests if name_key(g) not in keys]
        if not state.is_open or seats == state.people():
            return  # e.g. this meeting's guests, remembered at the roster's end: no change
        try:
            event = self.meeting.set_roster(names, self.now())
        except Refused:
            return
        try:
            self._log.append(event)
        except OSError:
            return  # the meeting keeps the order it had; the next roster change tries again
        self.meeting.apply(event)

    def attempt(self, make: Callable[[float], dict]) -> tuple[bool, str]:
        """Decide, make durable, fold in: the one way a screen acts on the meeting.

        Returns whether the meeting changed, and a sentence for the facilitator when
        something stood in the way (empty when all went well).
        """
        try:
            event = make(self.now())
        except Refused as refusal:
            return False, str(refusal)
        try:
            self.record(event)
        except AfterSaveError as err:
            return True, err.what
        except OSError as err:
            return False, not_saved(err)
        return True, ""

    def _modify_group(self, change: Callable[[dict], dict]) -> dict:
        """Save a change to this group. groups.json damaged meanwhile (a hand edit) is left
        as it is and the change refused as a failed save (OSError, with the sentence)."""
        try:
            return self._groups.modify(self.group["id"], change) or self.group
        except DamagedFile as err:
            raise OSError(0, f"{err.path.name} cannot be read: {err.reason}") from err

    def save_group_setting(self, key: str, value: object) -> None:
        """Remember a setting for this group's next meetings."""

        def put(group: dict) -> dict:
            return {"settings": {**group.get("settings", {}), key: value}}

        self.group = self._modify_group(put)

    @property
    def book(self) -> GroupBook:
        """Every group (for the group list); groups.py does the checked edits."""
        return self._groups

    @property
    def index(self) -> MeetingIndex:
        return self._index
    def update_group(self, **fields) -> None:
        """Save group settings (agreements, prompts …) durably, then keep them in memory."""
        self.group = self._modify_group(lambda _: fields)

    def roster(self) -> list[str]:
        """Names to complete from: the group's roster plus this meeting's guests."""
        names = roster_names(self.group)
        keys = {name_key(n) for n in names}
        return names + [g for g in self.meeting.state.people() if name_key(g) not in keys]

    # -- formats ---------------------------------------------------------------------
    def formats_folder(self) -> Path:
        return locations.group_formats_dir(self.root, self.group["id"])

    def reload_formats(self) -> None:
        """Read the shipped and group formats again (after an edit in a text editor)."""
        self.formats, self.format_errors = load_formats(self.formats_folder())

    def chosen_format_name(self) -> str:
        """The format the group's next meeting will follow."""
        return str(self.group.get("format") or default_format()["name"])

    def choose_format(self, name: str) -> dict:
        """Make ``name`` the group's format for its next meetings. KeyError if unknown."""
        fmt = find_format(self.formats, name)
        if fmt is None:
            raise KeyError(name)
        self.group = self._modify_group(lambda group: {"format": fmt["name"]})
        return fmt

    def copy_format(self, fmt: dict, new_name: str) -> tuple[dict, Path]:
        """An editable copy of ``fmt`` in the group's folder; FormatError if refused."""
        folder = self.formats_folder()
        copied = copy_format(fmt, new_name, folder)
        self.reload_formats()
        return copied, folder / copied["file"]

    def bell_on(self) -> bool:
        """The soft bell: the group's setting when it has one, else the format's."""
        setting = self.group.get("settings", {}).get("bell")
        return bool(self.state.bell if setting is None else setting)

    def set_bell(self, on: bool) -> None:
        self.save_group_setting("bell", bool(on))

    # -- raised hands and nudges from watch (see roomtui/raised.py) ---------------------
    def raised_hands(self) -> tuple[list, str]:
        return raised.waiting(self)

    def accept_hand(self, hand) -> tuple[bool, str]:
        return raised.accept(self, hand)

    def decline_hand(self, hand) -> tuple[bool, str]:
        return raised.decline(self, hand)

    def take_nudges(self) -> list[str]:
        return raised.take_nudges(self)

    def checkpoint(self) -> None:
        """Refresh the index row (counts for the list of meetings).

        index.json is derived: damaged meanwhile (a hand edit), it is rebuilt from the
        meeting files, the damaged one set aside (recovery.py), and the row added to that.
        """
        row = protect.seal_row(
            index_row(self.meeting, self.group["id"], self.now(), self._log.path), self.keys)
        try:
            self._index.add(row)
        except DamagedFile:
            recovery.heal_index(self.root, self.now())
            self._index.add(row)

    def close(self) -> None:
        try:
            if self.meeting.state.id:
                self.checkpoint()
        finally:
            self._log.close()
            self._lock.release()


def retention_days(group: dict) -> int | None:
    """The group's retention period in days, or None when it keeps everything."""
    days = (group.get("settings") or {}).get("retention_days")
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else None


def apply_retention(root: Path, group: dict, now: float) -> archive.PurgeReport | None:
    """Purge the group's ended meetings older than its retention period (if it has one)."""
    days = retention_days(group)
    if days is None:
        return None
    return archive.purge(root, days, now, group_id=group["id"])


def _heal_index(root: Path, group: dict, now: float, index: MeetingIndex) -> list[str]:
    """Rebuild index.json if it needs it; the sentences to show this group."""
    healing = recovery.heal_index(root, now, index)
    said = [healing.sentence(detail=False)] if healing.rebuilt else []
    for row in healing.dropped:
        if row.get("group_id") == group["id"] and row.get("ended_at") is None:
            said.append(f"This group's open meeting has no file any more "
                        f"(meetings/{row['id']}.json), so a new one was started.")
    return said


def open_session(
    root: Path,
    group_name: str | None = None,
    new: bool = False,
    clock: Clock = time.time,
    keys: protect.Keyring | None = None,
    await_begin: bool = False,
) -> Session:
    """Open (or resume) a group's meeting. Raises AlreadyOpen, DamagedFile or ValueError.

    A group whose notes are locked needs its ``keys`` (``protect.unlock_group``), else
    ``protect.Locked``. ``await_begin``: a new meeting is "not started" until the
    facilitator begins it (the facilitator app); without it the meeting's time counts
    from now."""
    prepare_data(root)
    groups = GroupBook(locations.groups_file(root))
    group = resolve_group(groups, group_name)
    keys = protect.keys_for(group, keys)
    lock = WriterLock(locations.group_lock(root, group["id"])).acquire()
    try:
        groups.set_last_used(group["id"])
        index = MeetingIndex(locations.index_file(root))
        notices = [*loose_folders(root), *_heal_index(root, group, clock(), index)]
        healed = False
        row = index.open_for_group(group["id"])
        meeting = None
        log = None
        if row is not None:
            found = recovery.reopen_meeting(root, row["id"], clock())
            notices += [found.note] if found.note else []
            healed = bool(found.note)
            if not found.events:  # its file is missing or was set aside: not a meeting now
                index.remove(row["id"])
            else:
                log = MeetingLog(locations.meeting_file(root, row["id"]))
                meeting = Meeting(protect.open_events(found.events, keys, log.path))
                if found.note:
                    index.add(protect.seal_row(
                        index_row(meeting, group["id"], clock(), log.path), keys))
            if meeting is not None and (new or not meeting.state.is_open):
                if meeting.state.is_open:
                    ev = meeting.end(clock())
                    log.append(ev)
                    meeting.apply(ev)
                row = index_row(meeting, group["id"], clock(), log.path)
                index.add(protect.seal_row(row, keys))
                log.close()
                meeting = log = None
        resumed = meeting is not None
        formats, errors = load_formats(locations.group_formats_dir(root, group["id"]))
        fmt, note = pick_format(formats, group.get("format"))
        if meeting is None:
            at = clock()
            meeting_id = new_meeting_id(at)
            path = locations.meeting_file(root, meeting_id)
            while path.exists():
                meeting_id = new_meeting_id(at)
                path = locations.meeting_file(root, meeting_id)
            log = MeetingLog(path)
            meeting = Meeting()
            ev = meeting.start(
                meeting_id,
                group["name"],
                fmt,
                roster_names(group),
                at,
                settings=group.get("settings", {}),
                await_begin=await_begin,
            )
            ev["group_id"] = group["id"]  # so a rebuilt index knows the group (recovery.py)
            log.append(ev)
            meeting.apply(ev)
            index.add(protect.seal_row(index_row(meeting, group["id"], at, log.path), keys))
        assert log is not None
        purged = apply_retention(root, group, clock())
        session = Session(root, group, meeting, clock, resumed, log, index, groups, lock, purged,
                          formats, errors, "" if resumed else note, keys)
        session.notices = notices
        session.healed = healed
        return session
    except BaseException:
        lock.release()
        raise


__all__ = ["DamagedFile", "Session", "open_session"]
