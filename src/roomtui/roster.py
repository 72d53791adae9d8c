"""A group's roster and its names, checked: pure functions, no files, no clock.

The roster is a list of people in seat order, each a small dict in groups.json:
``{"name": "Ana", "role": "member", "mentor": "Ben", "milestone": {"date": "2023-11-26",
"kind": "anniversary"}}``. Names are first names or chosen aliases: two people may share
a first name, and the facilitator tells them apart with an initial or a number they choose
("Ana B.", "Ana 2"), because the meeting tells people apart by the name shown.

Milestones are opt-in. Today's date is always passed in, so tests (and the opening screen)
ask "what falls this week?" of any day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from roomtui.meeting.text import TextRefused, clean_name, name_key

ROLES = ("facilitator", "co-facilitator", "mentor", "member", "guest")
ANNIVERSARY = "anniversary"
BIRTHDAY = "birthday"
MILESTONE_KINDS = (ANNIVERSARY, BIRTHDAY)
MAX_GROUP_NAME = 60
WEEK = 7


# The first year's monthly milestones (30, 60, 90 days, 6 and 9 months), as recovery
# groups mark them: an opt-in per person, on top of the yearly anniversary.
#: (label, how to find the day from the start date)
STEPS: tuple[tuple[str, int, int], ...] = (
    ("30 days", 30, 0),
    ("60 days", 60, 0),
    ("90 days", 90, 0),
    ("6 months", 0, 6),
    ("9 months", 0, 9),
)


def add_months(when: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day."""
    month0 = when.month - 1 + months
    year, month = when.year + month0 // 12, month0 % 12 + 1
    return when.replace(year=year, month=month,
                        day=min(when.day, calendar.monthrange(year, month)[1]))


def first_year_steps(start: dt.date) -> list[tuple[str, dt.date]]:
    """Every monthly milestone of the first year after ``start``, in order."""
    return [(label, start + dt.timedelta(days=days) if days else add_months(start, months))
            for label, days, months in STEPS]


def step_due(start: dt.date, today: dt.date, days: int) -> tuple[str, dt.date, int] | None:
    """The first-year milestone falling today or within ``days - 1`` days, if any:
    (label, day, days from today)."""
    for label, on in first_year_steps(start):
        gap = (on - today).days
        if 0 <= gap < days:
            return label, on, gap
    return None


class RosterRefused(ValueError):
    """An edit that cannot be made; the message is a sentence for the facilitator."""


# -- names -------------------------------------------------------------------------------


def person_name(person: object) -> str:
    if isinstance(person, dict):
        name = person.get("name")
        return name if isinstance(name, str) else ""
    return person if isinstance(person, str) else ""


def check_name(raw: str, roster: list[dict], skip: int | None = None) -> str:
    """A new or changed name: not empty, not too long, not already someone else's."""
    try:
        name = clean_name(raw)
    except TextRefused as err:
        raise RosterRefused(str(err)) from None
    for i, person in enumerate(roster):
        if i != skip and name_key(person_name(person)) == name_key(name):
            raise RosterRefused(
                f"Someone is already called {person_name(person)}. To tell them apart, add an "
                f"initial or a number you choose, e.g. “{name} B.” or “{name} 2”."
            )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise RosterRefused(f"A role is one of: {', '.join(ROLES)}.")
    return role


def next_role(role: str) -> str:
    """The role after ``role``, round the list (the roster editor's r key)."""
    i = ROLES.index(role) if role in ROLES else len(ROLES) - 1
    return ROLES[(i + 1) % len(ROLES)]


def group_key(name: str) -> str:
    return name_key(name)


def check_group_name(raw: str, groups: list[dict], skip_id: str | None = None) -> str:
    """A group name: not empty, not too long, not taken by another group."""
    name = " ".join(raw.split())
    try:
        name = clean_name(name)
    except TextRefused:
        raise RosterRefused("A group needs a name.") from None
    if len(name) > MAX_GROUP_NAME:
        raise RosterRefused(f"A group name can be at most {MAX_GROUP_NAME} characters.")
    for group in groups:
        if group.get("id") != skip_id and group_key(str(group.get("name", ""))) == group_key(name):
            raise RosterRefused(f"There is already a group called “{group['name']}”.")
    return name


# -- milestones --------------------------------------------------------------------------


def parse_date(raw: str, today: dt.date) -> dt.date:
    """A milestone date: YYYY-MM-DD, a real day, not in the future."""
    text = raw.strip()
    try:
        when = dt.date.fromisoformat(text)
    except ValueError:
        raise RosterRefused(
            f"“{text[:20]}” is not a date that exists: write it as YYYY-MM-DD, e.g. 2023-03-31."
        ) from None
    if when > today:
        raise RosterRefused(f"{when.isoformat()} is in the future: a milestone date has passed.")
    return when


def check_milestone(raw_date: str, kind: str, today: dt.date, monthly: bool = False) -> dict:
    """``monthly``: the first year's 30, 60, 90 days, 6 and 9 months too (anniversaries)."""
    if kind not in MILESTONE_KINDS:
        raise RosterRefused(f"A milestone is one of: {', '.join(MILESTONE_KINDS)}.")
    if monthly and kind != ANNIVERSARY:
        raise RosterRefused("Monthly milestones are for a start date, not a birthday.")
    stone = {"date": parse_date(raw_date, today).isoformat(), "kind": kind}
    return {**stone, "monthly": True} if monthly else stone


@dataclass(frozen=True)
class Due:
    """A milestone falling on ``on`` (today or within the week)."""

    name: str
    kind: str
    on: dt.date
    years: int
    days: int = 0  # from today
    step: str = ""  # a first-year monthly milestone ("30 days", "6 months"), if it is one

    @property
    def today(self) -> bool:
        return self.days == 0

    def card(self) -> str:
        """The warm words for the room."""
        if self.kind == BIRTHDAY:
            return f"Happy birthday, {self.name}"
        if self.step:
            return f"Celebrating {self.step}, {self.name}"
        unit = "year" if self.years == 1 else "years"
        return f"Celebrating {self.years} {unit}, {self.name}"

    def private_line(self) -> str:
        """What the facilitator sees at the opening (never on the room view)."""
        when = "today" if self.today else self.on.strftime("%a %d %b")
        what = "birthday" if self.kind == BIRTHDAY else self.step or f"{self.years} year" + (
            "" if self.years == 1 else "s")
        return f"{self.name}: {what}, {when}"


def _in_year(date: dt.date, year: int) -> dt.date:
    try:
        return date.replace(year=year)
    except ValueError:  # 29 February in a common year: the 28th
        return date.replace(year=year, day=28)


def milestone_of(person: dict) -> tuple[dt.date, str] | None:
    """The person's milestone, if they opted in and it reads as a date (else None)."""
    stone = person.get("milestone") if isinstance(person, dict) else None
    if not isinstance(stone, dict):
        return None
    try:
        when = dt.date.fromisoformat(str(stone.get("date", "")))
    except ValueError:
        return None
    kind = stone.get("kind") if stone.get("kind") in MILESTONE_KINDS else ANNIVERSARY
    return when, kind


def milestones_due(roster: list[dict], today: dt.date, days: int = WEEK) -> list[Due]:
    """Milestones falling today or in the ``days - 1`` days after, soonest first."""
    due = []
    for person in roster:
        found = milestone_of(person)
        name = person_name(person)
        if found is None or not name:
            continue
        when, kind = found
        if kind == ANNIVERSARY and person.get("milestone", {}).get("monthly") is True:
            step = step_due(when, today, days)
            if step is not None:
                label, on, gap = step
                due.append(Due(name=name, kind=kind, on=on, years=0, days=gap, step=label))
                continue
        for year in (today.year, today.year + 1):
            on = _in_year(when, year)
            gap = (on - today).days
            years = year - when.year
            if 0 <= gap < days and years >= 1:
                due.append(Due(name=name, kind=kind, on=on, years=years, days=gap))
                break
    return sorted(due, key=lambda d: (d.days, name_key(d.name)))


# -- newcomers ---------------------------------------------------------------------------


def newcomers(present: list[str], earlier: list[list[str]]) -> list[str]:
    """People here now who were present at none of the group's earlier meetings."""
    seen = {name_key(n) for names in earlier for n in names}
    return [p for p in present if name_key(p) not in seen]


def mentor_of(roster: list[dict], name: str) -> str | None:
    for person in roster:
        if isinstance(person, dict) and name_key(person_name(person)) == name_key(name):
            mentor = person.get("mentor")
            return mentor if isinstance(mentor, str) and mentor else None
    return None


def welcome_line(name: str, mentor: str | None) -> str:
    return f"{name}: first time, welcome them" + (f" (mentor: {mentor})" if mentor else "")
