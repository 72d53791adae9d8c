"""Who is in the room: attendance as events, so rounds and hints follow the people present.

At the opening the facilitator marks who is here (one ``attendance_taken`` event naming
them); after that a latecomer is an ``arrived`` event and an early leaver a ``left`` event,
each with its time. Until attendance is taken, everyone known to the meeting counts as
present (a group that never marks attendance works as before).

A celebration card is a room-facing event here too (``celebrated`` / ``celebration_cleared``):
the facilitator chooses when it shows, and the room view reads it from the log.

Reducers never raise on odd input; the deciding functions raise ``Refused`` with a
sentence for the facilitator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roomtui.meeting.events import Event, Payload, Reducer
from roomtui.meeting.text import TextRefused, clean_name, clean_text, name_key

if TYPE_CHECKING:
    from roomtui.meeting.state import MeetingState

ATTENDANCE_TAKEN = "attendance_taken"
ARRIVED = "arrived"
LEFT = "left"
CELEBRATED = "celebrated"
CELEBRATION_CLEARED = "celebration_cleared"

ATTENDANCE_EVENTS = frozenset({ATTENDANCE_TAKEN, ARRIVED, LEFT})
MAX_CARD = 120


class AttendanceRefused(ValueError):
    """An attendance change that does not fit; the message is for the facilitator."""


@dataclass
class Stay:
    """One stretch of a person in the room: from arriving (or the opening) to leaving."""

    name: str
    arrived_at: float
    late: bool = False
    left_at: float | None = None

    @property
    def here(self) -> bool:
        return self.left_at is None


@dataclass
class Attendance:
    """Attendance as folded from the log; ``taken_at`` is None until it is taken."""

    taken_at: float | None = None
    stays: list[Stay] = field(default_factory=list)

    def last_stay(self, name: str) -> Stay | None:
        key = name_key(name)
        for stay in reversed(self.stays):
            if name_key(stay.name) == key:
                return stay
        return None

    def is_here(self, name: str) -> bool:
        stay = self.last_stay(name)
        return stay is not None and stay.here

    def ever_here(self) -> list[str]:
        """Everyone who was in the room at some point, in the order they were marked."""
        seen: dict[str, str] = {}
        for stay in self.stays:
            seen.setdefault(name_key(stay.name), stay.name)
        return list(seen.values())

    def latecomers(self) -> list[Stay]:
        return [s for s in self.stays if s.late]

    def leavers(self) -> list[Stay]:
        return [s for s in self.stays if s.left_at is not None]


# -- reducers ------------------------------------------------------------------------------


def _add_guest(state: MeetingState, name: str, guest: object) -> None:
    if guest and state.find_person(name) is None:
        state.guests.append(name)


def _r_taken(state: MeetingState, ev: Event) -> None:
    at = float(ev.get("at", 0.0))
    names = [str(n) for n in ev.get("names", []) if isinstance(n, str) and n]
    guests = {name_key(str(g)) for g in ev.get("guests", []) if isinstance(g, str)}
    att = Attendance(taken_at=at)
    for name in names:
        _add_guest(state, name, name_key(name) in guests)
        if not att.is_here(name):
            att.stays.append(Stay(name=name, arrived_at=at))
    state.attendance = att
    if state.round_left:  # a round begun before attendance goes on around who is here
        state.round_left = [n for n in state.round_left if att.is_here(n)]


def _r_arrived(state: MeetingState, ev: Event) -> None:
    name = ev.get("name")
    if not isinstance(name, str) or not name:
        return
    at = float(ev.get("at", 0.0))
    _add_guest(state, name, ev.get("guest"))
    att = state.attendance
    if att is None:  # an arrival before attendance was taken: start it with this person
        att = state.attendance = Attendance(taken_at=at)
        if state.round_left:
            key = name_key(name)
            state.round_left = [n for n in state.round_left if name_key(n) == key]
    if not att.is_here(name):
        att.stays.append(Stay(name=name, arrived_at=at, late=True))


def _r_left(state: MeetingState, ev: Event) -> None:
    name = ev.get("name")
    att = state.attendance
    if not isinstance(name, str) or att is None:
        return
    stay = att.last_stay(name)
    if stay is not None and stay.here:
        stay.left_at = float(ev.get("at", 0.0))
    if state.round_left:
        key = name_key(name)
        state.round_left = [n for n in state.round_left if name_key(n) != key]


def _r_celebrated(state: MeetingState, ev: Event) -> None:
    text = ev.get("text")
    state.celebration = text if isinstance(text, str) and text else None


def _r_cleared(state: MeetingState, ev: Event) -> None:
    state.celebration = None


REDUCERS: dict[str, Reducer] = {
    ATTENDANCE_TAKEN: _r_taken,
    ARRIVED: _r_arrived,
    LEFT: _r_left,
    CELEBRATED: _r_celebrated,
    CELEBRATION_CLEARED: _r_cleared,
}


# -- deciding: (state, ...) -> event payload, or AttendanceRefused ----------------------------


def _clean(raw: str) -> str:
    try:
        return clean_name(raw)
    except TextRefused as err:
        raise AttendanceRefused(str(err)) from None


def take(state: MeetingState, names: list[str], known: list[str]) -> Payload:
    """The opening's attendance: who is here, in any order; names not in ``known`` are guests."""
    if state.attendance is not None and state.attendance.taken_at is not None:
        raise AttendanceRefused(
            "Attendance is already taken: mark latecomers and leavers one by one.")
    cleaned: list[str] = []
    keys: set[str] = set()
    for raw in names:
        name = _clean(raw)
        if name_key(name) not in keys:
            keys.add(name_key(name))
            cleaned.append(name)
    if not cleaned:
        raise AttendanceRefused(
            "Nobody is marked here yet: press a number for each person (or * for everyone).")
    known_keys = {name_key(k) for k in known}
    guests = [n for n in cleaned if name_key(n) not in known_keys]
    return {"type": ATTENDANCE_TAKEN, "names": cleaned, "guests": guests}


def arrive(state: MeetingState, raw: str, known: list[str]) -> Payload:
    """A latecomer (or someone back after leaving)."""
    name = _clean(raw)
    for person in known:
        if name_key(person) == name_key(name):
            name = person
            break
    att = state.attendance
    if att is not None and att.is_here(name):
        raise AttendanceRefused(f"{name} is already marked here.")
    guest = state.find_person(name) is None
    return {"type": ARRIVED, "name": name, "guest": guest}


def leave(state: MeetingState, name: str) -> Payload:
    """Someone leaving before the end."""
    att = state.attendance
    stay = att.last_stay(name) if att is not None else None
    if stay is None or not stay.here:
        raise AttendanceRefused(f"{name} is not marked here.")
    return {"type": LEFT, "name": stay.name}


def celebrate(state: MeetingState, raw: str) -> Payload:
    try:
        text = clean_text(raw, limit=MAX_CARD, what="A celebration card")
    except TextRefused as err:
        raise AttendanceRefused(str(err)) from None
    return {"type": CELEBRATED, "text": " ".join(text.split())}


def clear_celebration(state: MeetingState) -> Payload:
    if not getattr(state, "celebration", None):
        raise AttendanceRefused("No celebration card is showing.")
    return {"type": CELEBRATION_CLEARED}


def present(state: MeetingState) -> list[str]:
    """The people in the room now, in seat order (roster, then guests in arrival order).

    Until attendance is taken this is everyone known to the meeting, as before.
    """
    att = state.attendance
    if att is None:
        return state.people()
    here = [p for p in state.people() if att.is_here(p)]
    keys = {name_key(p) for p in here}
    extra = [s.name for s in att.stays if s.here and name_key(s.name) not in keys]
    return here + extra


def describe(ev: Event) -> str:
    kind = ev.get("type")
    if kind == ATTENDANCE_TAKEN:
        return "taking attendance"
    if kind == ARRIVED:
        return f"{ev.get('name', '')} arriving"
    if kind == LEFT:
        return f"{ev.get('name', '')} leaving"
    if kind == CELEBRATED:
        return "the celebration card"
    if kind == CELEBRATION_CLEARED:
        return "clearing the celebration card"
    return ""
