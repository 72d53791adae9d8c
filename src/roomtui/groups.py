"""Groups and rosters, edited through the session: checked, saved durably, then shown.

Every edit here writes groups.json (atomically) before it returns, so a restart shows it.
Switching group goes through ``open_session``: the other group's lock is taken first (a
meeting open in another roomtui is refused and nothing changes), then this session is
closed. Past meetings are never touched: each keeps the roster it started with.
No Textual here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roomtui.formats.files import default_format
from roomtui.meeting.names import resolve
from roomtui.meeting.text import name_key
from roomtui.roster import (
    ROLES,
    RosterRefused,
    check_group_name,
    check_milestone,
    check_name,
    check_role,
    mentor_of,
    milestones_due,
    newcomers,
    person_name,
    welcome_line,
)
from roomtui.session import Session, open_session
from roomtui.storage import AlreadyOpen, is_locked, locations
from roomtui.storage.protect import Locked


@dataclass(frozen=True)
class GroupRow:
    """One line of the group list."""

    id: str
    name: str
    people: int
    meetings: int
    open_meeting: bool
    current: bool
    format: str


def list_groups(session: Session) -> list[GroupRow]:
    rows = session.index.all()
    out = []
    for group in sorted(session.book.all(), key=lambda g: name_key(str(g["name"]))):
        mine = [r for r in rows if r.get("group_id") == group["id"]]
        out.append(GroupRow(
            id=group["id"],
            name=str(group["name"]),
            people=len([p for p in group.get("roster", []) if person_name(p)]),
            meetings=len(mine),
            open_meeting=any(r.get("ended_at") is None for r in mine),
            current=group["id"] == session.group["id"],
            format=str(group.get("format") or default_format()["name"]),
        ))
    return out


def create_group(session: Session, raw_name: str, format_name: str | None = None) -> dict:
    """A new, empty group following ``format_name``; agreements start as the defaults."""
    name = check_group_name(raw_name, session.book.all())
    return session.book.create(name, format=format_name or default_format()["name"], roster=[])


def rename_group(session: Session, group_id: str, raw_name: str) -> str:
    """Rename a group; its past meetings keep the name they were held under."""
    name = check_group_name(raw_name, session.book.all(), skip_id=group_id)
    session.book.update(group_id, name=name)
    if group_id == session.group["id"]:
        session.group = {**session.group, "name": name}
    return name


def delete_summary(session: Session, group_id: str) -> str:
    """What deleting a group takes with it, and what stays, for the confirmation."""
    group = session.book.get(group_id) or {}
    people = len([p for p in group.get("roster", []) if person_name(p)])
    meetings = len([r for r in session.index.all() if r.get("group_id") == group_id])
    return (f"Its roster ({people} {'person' if people == 1 else 'people'}), agreements, "
            f"prompts and settings go. Its {meetings} past "
            f"{'meeting keeps its' if meetings == 1 else 'meetings keep their'} own record "
            "(roomtui review).")


def delete_group(session: Session, group_id: str) -> None:
    if group_id == session.group["id"]:
        raise RosterRefused("This is the group you are in: switch to another group first.")
    if is_locked(locations.group_lock(session.root, group_id)):
        raise RosterRefused("That group's meeting is open in another roomtui: close it there first.")
    if session.index.open_for_group(group_id) is not None:
        raise RosterRefused(
            "That group has an unfinished meeting: switch to it and end it (e) first.")
    session.book.remove(group_id)


def switch_group(session: Session, group_id: str, keys=None) -> Session:
    """Open the other group's meeting (resume or start), then close this one.

    Raises RosterRefused when the other group's meeting is open in another roomtui;
    this session is then left exactly as it was.
    """
    group = session.book.get(group_id)
    if group is None:
        raise RosterRefused("That group is no longer there.")
    if group_id == session.group["id"]:
        raise RosterRefused(f"You are already in {group['name']}.")
    try:
        other = open_session(session.root, group["name"], clock=session.clock, keys=keys,
                             await_begin=True)
    except AlreadyOpen:
        raise RosterRefused(
            f"{group['name']}'s meeting is open in another roomtui. Close it there, "
            "or follow it with: roomtui watch") from None
    except Locked:
        raise RosterRefused(
            f"{group['name']}'s notes are locked with a passphrase.") from None
    session.close()
    return other


# -- the roster ----------------------------------------------------------------------------


def _rows(group: dict) -> list[dict]:
    return [dict(p) for p in group.get("roster", []) if isinstance(p, dict) and person_name(p)]


def people(session: Session) -> list[dict]:
    """The current group's roster rows, in seat order (hand-edited oddities dropped)."""
    return _rows(session.group)


def _change(session: Session, edit):
    """Read the roster as it is on disk now, apply ``edit`` (which changes the list in place
    and returns a result, or raises RosterRefused), save it, and keep it in memory."""
    result = []

    def change(group: dict) -> dict:
        roster = _rows(group)
        result.append(edit(roster))
        return {"roster": roster}

    group = session.book.modify(session.group["id"], change)
    if group is None:
        raise RosterRefused("This group is no longer in groups.json.")
    session.group = group
    session.sync_roster()  # seat order follows the roster, mid-meeting too
    return result[0]


def _at(roster: list[dict], index: int) -> dict:
    if not 0 <= index < len(roster):
        raise RosterRefused("That person is no longer on the roster.")
    return roster[index]


def add_person(session: Session, raw: str, role: str = "member") -> str:
    def edit(roster: list[dict]) -> str:
        name = check_name(raw, roster)
        roster.append({"name": name, "role": check_role(role)})
        return name

    return _change(session, edit)


def rename_person(session: Session, index: int, raw: str) -> str:
    def edit(roster: list[dict]) -> str:
        old = _at(roster, index)["name"]
        name = check_name(raw, roster, skip=index)
        roster[index]["name"] = name
        for person in roster:  # a mentor link follows the rename
            if person.get("mentor") and name_key(person["mentor"]) == name_key(old):
                person["mentor"] = name
        return name

    return _change(session, edit)


def set_role(session: Session, index: int, role: str) -> None:
    def edit(roster: list[dict]) -> None:
        _at(roster, index)["role"] = check_role(role)

    _change(session, edit)


def move_person(session: Session, index: int, delta: int) -> int:
    def edit(roster: list[dict]) -> int:
        _at(roster, index)
        j = index + delta
        if not 0 <= j < len(roster):
            raise RosterRefused("Already at the " + ("first seat." if delta < 0 else "last seat."))
        roster.insert(j, roster.pop(index))
        return j

    return _change(session, edit)


def set_mentor(session: Session, index: int, raw: str) -> str | None:
    """Give a person a mentor from the roster ("" takes it away)."""

    def edit(roster: list[dict]) -> str | None:
        person = _at(roster, index)
        if not raw.strip():
            person.pop("mentor", None)
            return None
        # The person the typed name means, in any case or accents, or the only one it starts.
        found = resolve(raw, [p["name"] for p in roster])
        if found is None:
            raise RosterRefused(f"No one called {' '.join(raw.split())[:80]} on the roster.")
        if name_key(found) == name_key(person["name"]):
            raise RosterRefused("Someone cannot be their own mentor.")
        person["mentor"] = found
        return found

    return _change(session, edit)


def set_milestone(session: Session, index: int, raw_date: str, kind: str,
                  today: dt.date, monthly: bool = False) -> dict | None:
    """Opt a person in to a milestone ("" opts them out)."""

    def edit(roster: list[dict]) -> dict | None:
        person = _at(roster, index)
        if not raw_date.strip():
            person.pop("milestone", None)
            return None
        person["milestone"] = check_milestone(raw_date, kind, today, monthly)
        return person["milestone"]

    return _change(session, edit)


def remove_summary(session: Session, index: int) -> str:
    roster = people(session)
    person = _at(roster, index)
    goes = ["their seat and role"]
    if person.get("milestone"):
        goes.append("their milestone date")
    mentees = [p["name"] for p in roster
               if p.get("mentor") and name_key(p["mentor"]) == name_key(person["name"])]
    if mentees:
        goes.append("mentoring " + ", ".join(mentees))
    said = ", ".join(goes)
    return f"{said[0].upper()}{said[1:]} go. Past meetings keep their own record of who was there."


def remove_person(session: Session, index: int) -> str:
    def edit(roster: list[dict]) -> str:
        gone = _at(roster, index)
        roster.pop(index)
        for person in roster:
            if person.get("mentor") and name_key(person["mentor"]) == name_key(gone["name"]):
                person.pop("mentor")
        return gone["name"]

    return _change(session, edit)


# -- at the opening: who is new, what to celebrate (private to the facilitator) ----------------


def earlier_present(session: Session) -> list[list[str]]:
    """Who was present at each of this group's earlier meetings (where attendance was taken)."""
    this = session.state.id
    return [
        [str(n) for n in row["present"]]
        for row in session.index.all()
        if row.get("group_id") == session.group["id"] and row.get("id") != this
        and isinstance(row.get("present"), list)
    ]


def _newcomers(session: Session) -> list[str]:
    """Present now, present at none of the group's earlier meetings. Until the group has
    one earlier meeting with attendance there is nothing to compare with: nobody is marked
    (otherwise a group's first use would call everyone new)."""
    att = session.state.attendance
    earlier = earlier_present(session)
    if att is None or not earlier:
        return []
    return newcomers(att.ever_here(), earlier)


def welcome_lines(session: Session) -> list[str]:
    """'first time, welcome them' for each person present at their first meeting."""
    roster = people(session)
    return [welcome_line(n, mentor_of(roster, n)) for n in _newcomers(session)]


def first_timers(session: Session) -> set[str]:
    return {name_key(n) for n in _newcomers(session)}


def due_this_week(session: Session) -> list:
    today = dt.date.fromtimestamp(session.now())
    return milestones_due(people(session), today)


__all__ = ["ROLES", "GroupRow", "RosterRefused"]
