"""A private nudge from the co-facilitator, as the meeting log keeps it: that one came,
and when. Never its words (the fixed set lives in ``roomtui.views.inbox``), never who sent it.
Not undoable, and no reducer: a nudge changes nothing about the meeting's state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roomtui.meeting.errors import Refused
from roomtui.meeting.events import Event

if TYPE_CHECKING:
    from roomtui.meeting.model import Meeting

NUDGED = "nudged"


def nudged(meeting: Meeting, at: float) -> Event:
    """The event for a nudge shown to the facilitator (refused once the meeting ended)."""
    if not meeting.state.is_open:
        raise Refused("This meeting has ended.")
    return {"seq": len(meeting.events), "type": NUDGED, "at": float(at)}
