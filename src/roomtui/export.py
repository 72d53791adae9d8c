"""A meeting as JSON (for tools) and Markdown (for people), from its event log alone."""

from __future__ import annotations

import datetime as dt

from roomtui.meeting import Meeting
from roomtui.meeting.timers import clock


def iso(at: float | None) -> str | None:
    """ISO 8601 with the laptop's UTC offset, to the second."""
    if at is None:
        return None
    return dt.datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds")


def to_json(meeting: Meeting, now: float) -> dict:
    """The export object: the fields DESIGN.md names, in that order, then extras."""
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
        "notes": [],
        "pauses": [],
        "people": [
            {"name": s.name, "turns": s.turns, "passes": s.passes, "seconds": round(s.seconds)}
            for s in stats.values()
        ],
        "not_spoken": [s.name for s in stats.values() if not s.has_spoken],
        "seconds": round(state.meeting_seconds(now)),
    }


_MD_SPECIAL = set("\\`*_{}[]()<>#+-.!|~")


def md_escape(text: str) -> str:
    """Escape Markdown so a name like ``*Ana*`` or ``[x](y)`` renders as written."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def to_markdown(meeting: Meeting, now: float) -> str:
    data = to_json(meeting, now)
    lines = [
        f"# {md_escape(data['group'])}: meeting of {(data['started_at'] or '')[:10]}",
        "",
        f"- Format: {md_escape(data['format'])}",
        f"- Started: {data['started_at']}",
        f"- Ended: {data['ended_at'] or 'still open'}",
        f"- Length: {clock(data['seconds'])}",
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
    lines += ["", "## Who shared", "", "| Name | Turns | Passes | Time |", "|---|---:|---:|---:|"]
    for person in data["people"]:
        lines.append(
            f"| {md_escape(person['name'])} | {person['turns']} | {person['passes']} "
            f"| {clock(person['seconds'])} |"
        )
    lines += ["", "## Did not get to speak", ""]
    lines += [f"- {md_escape(n)}" for n in data["not_spoken"]] or ["- everyone spoke"]
    lines += ["", "## Turns", ""]
    for turn in data["turns"]:
        lines.append(
            f"- {(turn['started_at'] or '')[11:16]} {md_escape(turn['name'])}: "
            f"{turn['kind']}, {clock(turn['seconds'])} ({md_escape(turn['phase'])})"
        )
    return "\n".join(lines) + "\n"
