"""A group's trends for the review's Trends view: figures per meeting, drawn as text bars.

No Textual: the screen (ui/screens/trends.py) shows what is built here, and tests check it
as plain text. Bars are Unicode blocks with the figure written beside them, so a chart
reads the same with colour off; newcomers are a different block (░), not a colour.

Per meeting: attendance (newcomers marked), length against the format's plan, and how
evenly the air was shared: the share of talk time taken by the busiest fifth of the
people there. Per person, across meetings (``talk_by_person``): facilitator-only, and a
group can turn it off (setting ``PEOPLE_SETTING``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from roomtui.meeting.state import PASS
from roomtui.meeting.text import name_key
from roomtui.records import archive, report
from roomtui.roster import group_key

#: The most recent meetings charted (the chart must fit a 24-line terminal).
LIMIT = 15
#: A group setting: False hides the per-person talk time across meetings.
PEOPLE_SETTING = "trends_people"
AIR_EXPLAINED = ("Talk time taken by the busiest fifth of the people there: about 20% is "
                 "even, 100% means they did all the talking.")
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")


def busiest_fifth(seconds: list[float]) -> float | None:
    """The share of the talk time taken by the top 20% (at least one) of ``seconds``.

    Everyone there counts, silent people too (as 0), so a meeting where two of ten did
    all the talking shows 100%. None when nobody talked.
    """
    total = sum(s for s in seconds if s > 0)
    if total <= 0:
        return None
    top = sorted(seconds, reverse=True)[: max(1, math.ceil(len(seconds) * 0.2))]
    return sum(s for s in top if s > 0) / total


def talk_seconds(item: report.Held) -> dict[str, float]:
    """Talk time per person there (name key), passes and silences as 0. Private."""
    end = item.ended_at if item.ended_at is not None else item.started_at
    out = {key: 0.0 for key in item.people}
    for turn in item.state.all_turns():
        if turn.kind != PASS:
            key = name_key(turn.name)
            out[key] = out.get(key, 0.0) + turn.seconds(end)
    return out


@dataclass(frozen=True)
class Point:
    """One meeting in the charts: counts and minutes only."""

    date: str
    weekday: str
    attended: int
    newcomers: int
    minutes: int
    planned: int
    air: float | None  # the busiest fifth's share of talk time, 0..1


def point(item: report.Held) -> Point:
    row = item.row()
    return Point(date=row.date, weekday=row.weekday, attended=row.attended,
                 newcomers=row.newcomers, minutes=row.minutes,
                 planned=round(item.planned_seconds / 60),
                 air=busiest_fifth(list(talk_seconds(item).values())))


@dataclass(frozen=True)
class PersonTalk:
    """One person's talk time across the group's meetings (facilitator-only)."""

    name: str
    seconds: float
    meetings: int
    spoke: int


def talk_by_person(meetings: list[report.Held]) -> list[PersonTalk]:
    """Everyone who came, most talk time first; the name as last written."""
    names: dict[str, str] = {}
    seconds: dict[str, float] = {}
    came: dict[str, int] = {}
    spoke: dict[str, int] = {}
    for item in meetings:
        for key, secs in talk_seconds(item).items():
            names[key] = item.people.get(key, names.get(key, key))
            seconds[key] = seconds.get(key, 0.0) + secs
            came[key] = came.get(key, 0) + 1
            spoke[key] = spoke.get(key, 0) + (1 if secs > 0 else 0)
    return sorted((PersonTalk(names[k], seconds[k], came[k], spoke[k]) for k in names),
                  key=lambda p: (-p.seconds, name_key(p.name)))


@dataclass
class Trends:
    """A group's ended, held meetings, oldest first, and the points charted."""

    group: str
    meetings: list[report.Held]

    @property
    def points(self) -> list[Point]:
        return [point(m) for m in self.meetings[-LIMIT:]]


def group_trends(root: Path, group_id: str | None, group_name: str) -> Trends:
    """The trends of one group (by id; by name for a group deleted since)."""
    if group_id:
        scope = report.Scope(group_name, frozenset({group_id}))
    else:
        scope = report.Scope(group_name, frozenset(), group_key(group_name))
    held, _ = report.load_held(root, scope, archive.list_meetings(root))
    ended = sorted((m for m in held if m.ended_at is not None), key=lambda m: m.started_at)
    return Trends(group_name, ended)


# -- drawing -------------------------------------------------------------------------------


def blocks(value: float, most: float, width: int) -> str:
    """A bar of ``value`` against ``most`` over ``width`` cells, in eighths of a cell."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(min(value, most) / most * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + EIGHTHS[part]


def attendance_lines(points: list[Point], width: int) -> list[tuple[str, str, str, str]]:
    """Per meeting: (label, returning bar █, newcomers bar ░, figure)."""
    most = max((p.attended for p in points), default=0)
    out = []
    for p in points:
        cell = width / most if most else 0
        back = "█" * round((p.attended - p.newcomers) * cell)
        new = "░" * round(p.newcomers * cell)
        if p.newcomers and not new:
            new = "░"
        figure = f"{p.attended}" + (f" ({p.newcomers} new)" if p.newcomers else "")
        out.append((f"{p.date} {p.weekday}", back, new, figure))
    return out


def length_line(p: Point, most: int, width: int) -> tuple[str, str]:
    """The meeting's length as a bar with ┃ where the plan ends, and the figure."""
    cells = list(blocks(p.minutes, most, width).ljust(width + 1))
    if p.planned > 0 and most > 0:
        at = min(width, round(p.planned / most * width))
        cells[at] = "┃"
    diff = p.minutes - p.planned
    figure = f"{p.minutes} of {p.planned} min" + (f" ({diff:+d})" if p.planned and diff else "")
    return "".join(cells).rstrip(), figure


def air_line(p: Point, width: int) -> tuple[str, str]:
    if p.air is None:
        return "", "nobody talked"
    return blocks(p.air, 1.0, width), f"{round(p.air * 100)}%"
