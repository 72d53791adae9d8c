"""``roomtui report``: counts per held meeting and totals, for the organisation. No Textual.

Anonymous by construction: a row is built from counts only (``MeetingRow`` has no field
that could hold a name or a note's text), so no flag can put a person into a report. In
the Markdown format, which a person pastes into an email, a count of 1 or 2 people is
written "<3" so that a small group's newcomer cannot be singled out.

A meeting is *held* when something happened in it (a turn, a phase, attendance, a note,
a pause) and it has ended; it belongs to the local date (the laptop's timezone) on which
it started, even when it ran past midnight. A newcomer is someone at their first meeting
of the group, among the meetings on this laptop; the group's first recorded meeting
counts nobody as new (there is nothing to compare with), as the opening screen does.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from roomtui.meeting import Meeting
from roomtui.meeting.care import CARE, QUIET
from roomtui.meeting.notes import TAGS
from roomtui.meeting.state import DIRECT, PASS, MeetingState
from roomtui.meeting.text import name_key, strip_controls
from roomtui.records import archive
from roomtui.records.export import md_escape
from roomtui.roster import group_key
from roomtui.storage import DamagedFile, GroupBook, MeetingLog, locations

FORMATS = ("md", "csv", "json")
#: A count of people below this is written "<3" in Markdown (zero stays 0).
THRESHOLD = 3
#: A newcomer "came back" when they were at another meeting of the group within this.
COME_BACK_DAYS = 28
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NOTE_COLUMNS = tuple("notes_" + tag.replace("-", "_") for tag in TAGS) + ("notes_other",)
#: Columns that count people: these are the ones written "<3" in Markdown.
PEOPLE_COLUMNS = ("attended", "late", "left_early", "newcomers", "returning",
                  "newcomers_back_4w")


class ReportError(ValueError):
    """A report that cannot be made as asked; ``str()`` is a sentence for a person."""


# -- one meeting ----------------------------------------------------------------------------


def held(state: MeetingState) -> bool:
    """Whether anything happened in the meeting: a turn, a phase, attendance, a note, a pause.

    A meeting opened and closed again without any of these (or one that never began) is
    not a meeting the group held.
    """
    if not state.started_at or not state.id:
        return False
    return bool(state.all_turns() or len(state.phase_runs) > 1 or state.notes
                or state.attendance is not None or state.pauses)


def attendees(state: MeetingState) -> dict[str, str]:
    """Everyone who was in the room, by name key: marked present, or took a turn (a pass too).

    Used only to count people and to recognise newcomers; never written to a report.
    """
    people: dict[str, str] = {}
    if state.attendance is not None:
        for name in state.attendance.ever_here():
            people.setdefault(name_key(name), name)
    for turn in state.all_turns():
        people.setdefault(name_key(turn.name), turn.name)
    return people


def local_date(at: float) -> dt.date:
    """The laptop's local date of a moment (a meeting belongs to the day it started)."""
    return dt.date.fromtimestamp(at)


@dataclass
class MeetingRow:
    """One held meeting, as counts. Nothing here can hold a name or a note's text."""

    date: str
    weekday: str
    group: str
    format: str
    minutes: int
    attended: int
    late: int
    left_early: int
    newcomers: int
    returning: int
    newcomers_back_4w: int
    shares: int
    passes: int
    direct: int
    rounds: int
    care_pauses: int
    quiet_moments: int
    notes_theme: int = 0
    notes_follow_up: int = 0
    notes_resource: int = 0
    notes_care: int = 0
    notes_other: int = 0


#: Column names as written in csv and json, in order.
COLUMNS = tuple(f.name for f in fields(MeetingRow))
COUNT_COLUMNS = COLUMNS[4:]  # everything summed in the totals (minutes included)
LABELS = {
    "date": "Date", "weekday": "Day", "group": "Group", "format": "Format",
    "minutes": "Minutes", "attended": "Here", "late": "Late", "left_early": "Left early",
    "newcomers": "New", "returning": "Returning", "newcomers_back_4w": "New, back in 4 wk",
    "shares": "Shares", "passes": "Passes", "direct": "Direct", "rounds": "Rounds",
    "care_pauses": "Care pauses", "quiet_moments": "Quiet", "notes_theme": "Theme notes",
    "notes_follow_up": "Follow-up notes", "notes_resource": "Resource notes",
    "notes_care": "Care notes", "notes_other": "Other notes",
}


@dataclass
class Held:
    """A held meeting as the report needs it: the counts, and who was there (kept private)."""

    id: str
    group_key: str
    group: str
    format: str
    started_at: float
    ended_at: float | None
    planned_seconds: int
    state: MeetingState = field(repr=False)
    people: dict[str, str] = field(repr=False, default_factory=dict)
    newcomers: set[str] = field(repr=False, default_factory=set)
    came_back: set[str] = field(repr=False, default_factory=set)

    @property
    def date(self) -> dt.date:
        return local_date(self.started_at)

    def row(self) -> MeetingRow:
        state = self.state
        turns = state.all_turns()
        att = state.attendance
        late = left = 0
        if att is not None:
            first: dict[str, bool] = {}
            last: dict[str, bool] = {}
            for stay in att.stays:
                first.setdefault(name_key(stay.name), stay.late)
                last[name_key(stay.name)] = stay.left_at is not None
            late, left = sum(first.values()), sum(last.values())
        notes = {column: 0 for column in NOTE_COLUMNS}
        for note in state.notes:
            tag = note.tag if note.tag in TAGS else "other"
            notes["notes_" + tag.replace("-", "_")] += 1
        end = self.ended_at if self.ended_at is not None else self.started_at
        return MeetingRow(
            date=self.date.isoformat(),
            weekday=WEEKDAYS[self.date.weekday()],
            group=self.group,
            format=self.format,
            minutes=round(state.meeting_seconds(end) / 60),
            attended=len(self.people),
            late=late,
            left_early=left,
            newcomers=len(self.newcomers),
            returning=len(self.people) - len(self.newcomers),
            newcomers_back_4w=len(self.came_back),
            shares=sum(1 for t in turns if t.kind not in (PASS, DIRECT)),
            passes=sum(1 for t in turns if t.kind == PASS),
            direct=sum(1 for t in turns if t.kind == DIRECT),
            rounds=len(state.round_phases),
            care_pauses=sum(1 for p in state.pauses if p.kind == CARE),
            quiet_moments=sum(1 for p in state.pauses if p.kind == QUIET),
            **notes,
        )


def mark_newcomers(meetings: list[Held]) -> None:
    """Who was new at each meeting and who of them came back within four weeks.

    ``meetings`` is every held meeting of the groups concerned (whatever the report's
    period: someone at a meeting last year is not new this year).
    """
    by_group: dict[str, list[Held]] = {}
    for item in sorted(meetings, key=lambda m: m.started_at):
        by_group.setdefault(item.group_key, []).append(item)
    window = COME_BACK_DAYS * archive.DAY
    for series in by_group.values():
        seen: set[str] = set()
        for i, item in enumerate(series):
            item.newcomers = set(item.people) - seen if i else set()
            seen |= set(item.people)
            item.came_back = set()
            for later in series[i + 1:]:
                if later.started_at - item.started_at > window or not item.newcomers:
                    break
                item.came_back |= item.newcomers & later.people.keys()


# -- which meetings ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which groups a report covers: ``label`` for the heading, ``matches`` on a meeting."""

    label: str
    group_ids: frozenset[str] | None  # None: every group
    name_key: str = ""  # a group known only from its meetings (deleted since)

    def matches(self, group_id: object, group_name: str) -> bool:
        if self.group_ids is None:
            return True
        if isinstance(group_id, str) and group_id in self.group_ids:
            return True
        return bool(self.name_key) and group_key(group_name) == self.name_key


def meeting_key(group_id: object, group_name: str) -> str:
    """Which group's history a meeting belongs to (for newcomers)."""
    if isinstance(group_id, str) and group_id:
        return group_id
    return "name:" + group_key(group_name)


def resolve_scope(root: Path, group: str | None, every: bool,
                  listings: list[archive.Listing]) -> Scope:
    """The named group, every group, or (neither given) the last used group."""
    if every:
        return Scope("All groups", None)
    path = locations.groups_file(root)
    book = GroupBook(path, readonly=True) if path.exists() else None
    groups = book.all() if book is not None else []
    if not group:
        last = book.last_used() if book is not None else None
        found = next((g for g in groups if g["id"] == last), None)
        if found is None:
            return Scope("All groups", None)
        return Scope(str(found["name"]), frozenset({found["id"]}))
    wanted = group_key(" ".join(strip_controls(group).split()))
    for g in groups:
        if group_key(str(g["name"])) == wanted:
            return Scope(str(g["name"]), frozenset({g["id"]}))
    known_ids = {g["id"] for g in groups}
    for item in listings:  # a deleted group's meetings keep their group's name
        name = str(item.row.get("group") or "")
        gid = item.row.get("group_id")
        if group_key(name) == wanted and not (isinstance(gid, str) and gid in known_ids):
            return Scope(name, frozenset(), wanted)
    names = sorted({_plain(str(g["name"])) for g in groups}
                   | {_plain(str(i.row.get("group") or "")) for i in listings} - {""})
    close = difflib.get_close_matches(group, names, n=3, cutoff=0.7)
    shown = "".join(ch for ch in group if ch.isprintable())
    hint = (" Did you mean " + " or ".join(f"“{c}”" for c in close) + "?") if close else (
        (" Groups: " + ", ".join(f"“{n}”" for n in names[:10]) + ".") if names else "")
    raise ReportError(f"There is no group called “{shown}”.{hint} "
                      "--all reports on every group.")


def parse_day(raw: str | None, option: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        shown = "".join(ch for ch in raw if ch.isprintable())[:20]
        raise ReportError(
            f"{option} takes a date as YYYY-MM-DD, e.g. 2026-01-31 (got “{shown}”).") from None


# -- the report -------------------------------------------------------------------------------


@dataclass
class Report:
    """The rows, totals and averages of a period; and what was left out, and why."""

    scope: str
    since: dt.date | None
    until: dt.date | None
    rows: list[MeetingRow]
    still_open: int = 0
    unreadable: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        """Each count summed over the rows (so a spreadsheet's SUM agrees)."""
        return {c: sum(getattr(r, c) for r in self.rows) for c in COUNT_COLUMNS}

    def averages(self) -> dict[str, float | None]:
        n = len(self.rows)
        totals = self.totals()
        return {
            "attended": round(totals["attended"] / n, 1) if n else None,
            "minutes": round(totals["minutes"] / n, 1) if n else None,
        }


def to_held(state: MeetingState, group_id: str | None = None,
            group_name: str = "") -> Held | None:
    """The meeting as the report sees it, or None when it was not held."""
    if not held(state):
        return None
    name = state.group or group_name
    return Held(
        id=state.id, group_key=meeting_key(group_id, name), group=name,
        format=state.format_name, started_at=state.started_at, ended_at=state.ended_at,
        planned_seconds=state.planned_seconds(), state=state, people=attendees(state),
    )


def _read(root: Path, meeting_id: str) -> Meeting:
    """A listed meeting replayed from its file (as ``archive.load``, without looking the id
    up in the index again: that read the whole index once per meeting)."""
    path = locations.meeting_file(root, meeting_id)
    events = MeetingLog(path, readonly=True).events()
    try:
        return Meeting(events)
    except (KeyError, TypeError, ValueError):
        raise DamagedFile(path, "its events do not make sense") from None


def load_held(root: Path, scope: Scope, listings: Iterable[archive.Listing]
              ) -> tuple[list[Held], list[str]]:
    """Every held meeting in scope, whatever its date (newcomers marked), and unreadable ids."""
    out: list[Held] = []
    unreadable: list[str] = []
    for item in listings:
        row = item.row
        group_id, group_name = row.get("group_id"), str(row.get("group") or "")
        if not scope.matches(group_id, group_name):
            continue
        if item.damaged:
            unreadable.append(item.id)
            continue
        try:
            meeting = _read(root, item.id)
        except (DamagedFile, OSError):
            unreadable.append(item.id)
            continue
        found = to_held(meeting.state, group_id, group_name)
        if found is not None:
            out.append(found)
    mark_newcomers(out)
    return out, unreadable


def in_period(item: Held, since: dt.date | None, until: dt.date | None) -> bool:
    day = item.date
    return (since is None or day >= since) and (until is None or day <= until)


def build(root: Path, group: str | None = None, every: bool = False,
          since: str | None = None, until: str | None = None) -> Report:
    """The report as asked on the command line. Raises ReportError with a sentence."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if start and end and start > end:
        raise ReportError(f"--since ({start}) is after --until ({end}): nothing could match.")
    listings = archive.list_meetings(root)
    scope = resolve_scope(root, group, every, listings)
    meetings, unreadable = load_held(root, scope, listings)
    return assemble(meetings, scope.label, start, end, unreadable)


def assemble(meetings: Iterable[Held], label: str, since: dt.date | None = None,
             until: dt.date | None = None, unreadable: Iterable[str] = ()) -> Report:
    """The report of the held meetings in the period (newcomers already marked)."""
    chosen = sorted((m for m in meetings if in_period(m, since, until)),
                    key=lambda m: m.started_at)
    return Report(
        scope=label, since=since, until=until,
        rows=[m.row() for m in chosen if m.ended_at is not None],
        still_open=sum(1 for m in chosen if m.ended_at is None),
        unreadable=list(unreadable),
    )


# -- writing it ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """A group or format name as one printable line."""
    return " ".join(strip_controls(text).split())


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    text = _plain(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(report: Report) -> str:
    """A header, one row per meeting, then a "Total" row of the sums."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in report.rows:
        data = asdict(row)
        writer.writerow([_cell(v) if isinstance(v, str) else v for v in data.values()])
    totals = report.totals()
    writer.writerow(["Total", "", _cell(report.scope), "", *totals.values()])
    return out.getvalue()


def _period(report: Report) -> dict:
    return {"since": report.since.isoformat() if report.since else None,
            "until": report.until.isoformat() if report.until else None}


def to_json(report: Report) -> dict:
    """For tools: exact counts, the totals and averages, and what was left out."""
    return {
        "scope": _plain(report.scope),
        "period": _period(report),
        "meetings": [{k: _plain(v) if isinstance(v, str) else v
                      for k, v in asdict(r).items()} for r in report.rows],
        "totals": {"meetings": len(report.rows), **report.totals()},
        "averages": report.averages(),
        "come_back_days": COME_BACK_DAYS,
        "still_open": report.still_open,
        "unreadable": list(report.unreadable),
    }


def period_words(report: Report) -> str:
    since, until = report.since, report.until
    if since and until:
        return f"{since} to {until}"
    if since:
        return f"from {since}"
    if until:
        return f"until {until}"
    return "every meeting on record"


def few(count: int) -> str:
    """A count of people for Markdown: "<3" for 1 or 2, so nobody can be singled out."""
    return f"<{THRESHOLD}" if 0 < count < THRESHOLD else str(count)


def _md_cell(column: str, value) -> str:
    if column in PEOPLE_COLUMNS:
        return few(value)
    if isinstance(value, str):
        return md_escape(_plain(value))
    return str(value)


def _notes_cell(row: MeetingRow) -> str:
    return "/".join(str(getattr(row, c)) for c in NOTE_COLUMNS[:-1])


#: The Markdown table leaves out "returning" (here minus new): with it, a "<3" could be
#: worked out from the figures beside it.
MD_COLUMNS = ("date", "weekday", "format", "minutes", "attended", "late", "left_early",
              "newcomers", "shares", "passes", "direct", "rounds",
              "care_pauses", "quiet_moments")


def to_markdown(report: Report) -> str:
    """What a person pastes into an email: a table of meetings, totals, and the "<3" rule."""
    lines = [f"# Meetings report: {md_escape(_plain(report.scope))}", "",
             f"Period: {period_words(report)}.", ""]
    groups = {r.group for r in report.rows}
    columns = list(MD_COLUMNS)
    if len(groups) > 1:
        columns.insert(2, "group")
    if report.rows:
        lines.append("| " + " | ".join(LABELS[c] for c in columns)
                     + " | Notes (theme/follow-up/resource/care) |")
        lines.append("|" + "|".join("---" if c in ("date", "weekday", "group", "format")
                                    else "---:" for c in columns) + "|---:|")
        for row in report.rows:
            data = asdict(row)
            lines.append("| " + " | ".join(_md_cell(c, data[c]) for c in columns)
                         + f" | {_notes_cell(row)} |")
    else:
        lines.append("No meetings were held in this period.")
    totals, averages = report.totals(), report.averages()
    lines += ["", "## Totals", "", f"- Meetings held: {len(report.rows)}"]
    if report.rows:
        lines += [
            f"- Average attendance: {averages['attended']}",
            f"- Average length: {averages['minutes']} minutes",
            f"- Newcomers: {few(totals['newcomers'])}, of whom came back within "
            f"{COME_BACK_DAYS // 7} weeks: {few(totals['newcomers_back_4w'])}",
            f"- Shares: {totals['shares']}, passes: {totals['passes']}, direct responses: "
            f"{totals['direct']}, rounds: {totals['rounds']}",
            f"- Care pauses: {totals['care_pauses']}, quiet moments: {totals['quiet_moments']}",
            f"- Notes written: {sum(totals[c] for c in NOTE_COLUMNS)}",
        ]
    if report.still_open:
        lines.append(f"- Not counted: {report.still_open} meeting(s) still open")
    if report.unreadable:
        lines.append(f"- Not counted: {len(report.unreadable)} meeting file(s) that could "
                     "not be read")
    lines += ["", f"Counts of 1 or 2 people are shown as “<{THRESHOLD}” so that nobody in a "
              "small group can be singled out. The report holds no names and no notes."]
    return "\n".join(lines) + "\n"


def render(report: Report, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"
    return to_markdown(report)


__all__ = ["FORMATS", "Report", "ReportError", "build", "render"]
