"""The index's row for a meeting: what the list of meetings needs, so that it never opens
the meeting files. One shape, used by the session, the archive and the index rebuild."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from roomtui.meeting import Meeting
from roomtui.meeting.text import name_key
from roomtui.storage.stores import Row


def row_extras(meeting: Meeting, path: Path | None) -> dict[str, Any]:
    """What the index adds to a meeting's row for review: attendance, notes, file size."""
    state = meeting.state
    names = [p.name for p in state.phases]
    seen: dict[str, str] = {}
    for turn in state.all_turns():
        seen.setdefault(name_key(turn.name), turn.name)
    try:
        size = os.stat(path).st_size if path is not None else None
    except OSError:
        size = None
    return {
        "attended": len(seen),
        "note_count": len(state.notes),
        "notes": [
            {
                "at": note.at,
                "tag": note.tag,
                "text": note.text,
                "phase": names[note.phase] if 0 <= note.phase < len(names) else "",
            }
            for note in state.notes
        ],
        "file_size": size,
    }


def index_row(meeting: Meeting, group_id: str | None, now: float, path: Path | None = None) -> Row:
    """What the list of meetings needs, so it never opens the meeting files."""
    state = meeting.state
    stats = state.stats(now)
    return {
        "id": state.id,
        "group": state.group,
        "group_id": group_id,
        "format": state.format_name,
        "started_at": state.started_at,
        "ended_at": state.ended_at,
        "begun": state.begun,
        "people": len(state.people()),
        "spoke": sum(1 for s in stats.values() if s.has_spoken),
        "turns": sum(1 for t in state.all_turns()),
        "events": len(meeting.events),
        **row_extras(meeting, path),
        # who was in the room (only once attendance is taken): newcomers are found from these
        "present": state.attendance.ever_here() if state.attendance is not None else None,
    }

