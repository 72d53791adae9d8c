"""A meeting as JSON (for tools) and Markdown (for people), from its event log alone."""

from __future__ import annotations

import datetime as dt
import re

from roomtui.meeting import Meeting
from roomtui.meeting.notes import FOLLOW_UP, replace_names
from roomtui.meeting.text import name_key
from roomtui.meeting.timers import clock


def iso(at: float | None) -> str | None:
    """ISO 8601 with the laptop's UTC offset, to the second."""
    if at is None:
        return None
    return dt.datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds")


def _pauses(state, now: float) -> list[dict]:
    """Care pauses and quiet times (meeting/care.py): when and how long, never what about.

    Care pauses carry the private follow-up flag for the review; quiet times name the
    prompt that was on screen.
    """
    out = []
    for pause in state.pauses:
        row = {
            "at": iso(pause.at),
            "seconds": round(pause.seconds(now, state.ended_at)),
            "kind": pause.kind,
            "follow_up": pause.follow_up,
        }
        if pause.prompt:
            row["prompt"] = pause.prompt
        out.append(row)
    return out


def to_json(meeting: Meeting, now: float, names: bool = True) -> dict:
    """The export object: the fields DESIGN.md names, in that order, then extras.

    ``names=False`` leaves names out: each person becomes "Member 1", "Member 2" … in
    seat order, the same everywhere in the export, note texts included.
    """
    data = _to_json(meeting, now)
    return data if names else anonymise(data, meeting)


def _to_json(meeting: Meeting, now: float) -> dict:
    state = meeting.state
    actual = state.phase_actual_seconds(now)
    names = [p.name for p in state.phases]
    stats = state.stats(now)
    return {
        "id": state.id,
        "group": state.group,
        "format": state.format_name,
        "started_at": iso(state.started_at),
        "ended_at": iso(state.ended_at),
        "phases": [
            {
                "name": phase.name,
                "planned_seconds": phase.planned_seconds,
                "actual_seconds": round(actual[i]),
            }
            for i, phase in enumerate(state.phases)
        ],
        "turns": [
            {
                "name": turn.name,
                "kind": turn.kind,
                "phase": names[turn.phase] if 0 <= turn.phase < len(names) else "",
                "started_at": iso(turn.started_at),
                "seconds": round(turn.seconds(now)),
            }
            for turn in state.all_turns()
        ],
        "notes": [
            {
                "at": iso(note.at),
                "tag": note.tag,
                "text": note.text,
                "phase": names[note.phase] if 0 <= note.phase < len(names) else "",
            }
            for note in state.notes
        ],
        "pauses": _pauses(state, now),
        "people": [
            {"name": s.name, "turns": s.turns, "passes": s.passes, "seconds": round(s.seconds),
             "rounds": s.rounds}
            for s in stats.values()
        ],
        "not_spoken": [s.name for s in stats.values() if not s.has_spoken],
        "seconds": round(state.meeting_seconds(now)),
        "attended": len({name_key(t.name) for t in state.all_turns()}),
        "attendance": attendance_json(state),
    }


def attendance_json(state, names: bool = True) -> dict:
    """Who was here: a count always; names (and who came late or left early) unless left out.

    ``taken`` is false (and ``count`` null) for a meeting where attendance was not marked.
    """
    att = state.attendance
    if att is None:
        return {"taken": False, "count": None}
    out: dict = {"taken": True, "count": len(att.ever_here()),
                 "late": len(att.latecomers()), "left_early": len(att.leavers())}
    if names:
        out["names"] = att.ever_here()
        out["arrivals"] = [{"name": s.name, "at": iso(s.arrived_at)} for s in att.latecomers()]
        out["departures"] = [{"name": s.name, "at": iso(s.left_at)} for s in att.leavers()]
    return out


def member_names(meeting: Meeting) -> dict[str, str]:
    """Everyone the export shows → "Member n", in the order of its people list (those here
    in seat order, then anyone else who spoke), so the numbers run 1, 2, 3 … with no gap:
    someone on the roster who was not here gets no number."""
    state = meeting.state
    people = [s.name for s in state.stats(0.0).values()] + [t.name for t in state.all_turns()]
    mapping: dict[str, str] = {}
    keys: dict[str, str] = {}
    for person in people:
        key = name_key(person)
        if key not in keys:
            keys[key] = f"Member {len(keys) + 1}"
        mapping.setdefault(person, keys[key])
    return mapping


def anonymise(data: dict, meeting: Meeting) -> dict:
    """The export with every roster/guest name replaced by its "Member n"."""
    mapping = member_names(meeting)
    by_key = {name_key(k): v for k, v in mapping.items()}

    def who(name: str) -> str:
        return by_key.get(name_key(name), "Member ?")

    out = dict(data)
    out["turns"] = [{**t, "name": who(t["name"])} for t in data["turns"]]
    out["people"] = [{**p, "name": who(p["name"])} for p in data["people"]]
    out["not_spoken"] = [who(n) for n in data["not_spoken"]]
    out["notes"] = [{**n, "text": replace_names(n["text"], mapping)} for n in data["notes"]]
    out["attendance"] = attendance_json(meeting.state, names=False)
    return out


_MD_SPECIAL = set("\\`*_{}[]<>#|~&")
_MD_LEAD = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Escape Markdown so a name like ``*Ana*`` or ``[x](y)`` renders as written.

    Characters that are markup anywhere are always escaped; ``-``, ``+`` and ``1.`` only
    at the start, where they would begin a list (so "Check-in" stays readable).
    """
    out = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    return _MD_LEAD.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2)[0].isdigit()
                        else m.group(1) + m.group(2) + "\\", out, count=1)


def _time(iso_at: str | None) -> str:
    return (iso_at or "")[11:16]


def _attendance_md(att: dict) -> list[str]:
    """One line: how many were here, who came late or left early (counts only)."""
    if not att.get("taken"):
        return []
    return [f"- Here: {att['count']} ({att['late']} arrived late, "
            f"{att['left_early']} left early)"]


def agenda_note(data: dict) -> str:
    """Why the agenda's actual total is less than the length, when a care pause is why:
    phase times stop during a care pause; the meeting's length does not."""
    care = sum(p.get("seconds", 0) for p in data.get("pauses") or [] if p.get("kind") == "care")
    actual = sum(p["actual_seconds"] for p in data["phases"])
    if not care or actual == data["seconds"]:
        return ""
    return (f"Care pauses: {clock(care)}. Phase times stop during a care pause, so the "
            f"agenda's total ({clock(actual)}) is less than the length ({clock(data['seconds'])}).")


def to_markdown(meeting: Meeting, now: float, names: bool = True) -> str:
    """A report a person would paste into the group's records. Every text is escaped."""
    data = to_json(meeting, now, names=names)
    lines = [
        f"# {md_escape(data['group'])}: meeting of {(data['started_at'] or '')[:10]}",
        "",
        f"- Format: {md_escape(data['format'])}",
        f"- Started: {data['started_at']}",
        f"- Ended: {data['ended_at'] or 'still open'}",
        f"- Length: {clock(data['seconds'])}",
        f"- Took part: {data['attended']} of {len(data['people'])}",
        *_attendance_md(data["attendance"]),
        "",
        "## Agenda: planned and actual",
        "",
        "| Phase | Planned | Actual |",
        "|---|---:|---:|",
    ]
    for phase in data["phases"]:
        lines.append(
            f"| {md_escape(phase['name'])} | {clock(phase['planned_seconds'])} "
            f"| {clock(phase['actual_seconds'])} |"
        )
    planned = sum(p["planned_seconds"] for p in data["phases"])
    actual = sum(p["actual_seconds"] for p in data["phases"])
    lines.append(f"| **Total** | {clock(planned)} | {clock(actual)} |")
    note = agenda_note(data)
    if note:
        lines += ["", note]
    lines += ["", "## Turns and talk time", "", "| Name | Turns | Passes | Time |",
              "|---|---:|---:|---:|"]
    for person in data["people"]:
        lines.append(
            f"| {md_escape(person['name'])} | {person['turns']} | {person['passes']} "
            f"| {clock(person['seconds'])} |"
        )
    rounds = [p for p in data["people"] if p.get("rounds")]
    if rounds:
        lines += ["", "Turns are shares; check-in and check-out round turns count apart: "
                  + ", ".join(f"{md_escape(p['name'])} {p['rounds']}" for p in rounds) + "."]
    lines += ["", "## Did not share (a check-in turn is not a share)", ""]
    lines += [f"- {md_escape(n)}" for n in data["not_spoken"]] or ["- everyone shared"]
    if data["pauses"]:
        lines += ["", "## Pauses", ""]
        for pause in data["pauses"]:
            flag = " (follow up privately)" if pause.get("follow_up") else ""
            lines.append(
                f"- {_time(pause['at'])} {md_escape(pause['kind'])} pause, "
                f"{clock(pause['seconds'])}{flag}"
            )
    follow = [n for n in data["notes"] if n["tag"] == FOLLOW_UP]
    if follow:
        lines += ["", "## Follow-ups", ""]
        lines += [f"- {md_escape(n['text'])}" for n in follow]
    lines += ["", "## Notes", ""]
    lines += [
        f"- {_time(n['at'])} ({md_escape(n['phase'])}) **{n['tag']}**: {md_escape(n['text'])}"
        for n in data["notes"]
    ] or ["- no notes"]
    lines += ["", "## Turns", ""]
    for turn in data["turns"]:
        lines.append(
            f"- {_time(turn['started_at'])} {md_escape(turn['name'])}: "
            f"{turn['kind']}, {clock(turn['seconds'])} ({md_escape(turn['phase'])})"
        )
    return "\n".join(lines) + "\n"
