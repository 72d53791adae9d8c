"""What the co-facilitator's views (``watch`` and the browser view) may show, decided in
pure functions, as ``roomtui.views.room_view`` does for the room.

The co-facilitator helps run the meeting, so they see more than the room: the queue in
order, who has not spoken yet (names only), the agenda ahead and what the room is being
shown right now. Never notes, tags, follow-up flags, newcomer or milestone markers, or
anyone's talk time: none of those is ever copied into a ``CoView``. No Textual, no files.
"""

from __future__ import annotations

from dataclasses import dataclass

from roomtui.meeting import MeetingState
from roomtui.meeting.timers import clock
from roomtui.views.room_view import CARE_PAUSE_WORDS, describe, quiet_title, room_view


@dataclass(frozen=True)
class CoView:
    """The co-facilitator's side panel, and nothing more."""

    #: Quiet mode or a care pause: names are hidden (a browser view may be a phone).
    hushed: bool = False
    #: One sentence on why names are hidden, e.g. "Quiet mode: Box breathing."
    hush: str = ""
    #: Present people who have not spoken yet, in seat order (names only).
    not_spoken: tuple[str, ...] = ()
    #: The phases after this one: (name, planned minutes).
    ahead: tuple[tuple[str, int], ...] = ()
    #: What the room is being shown right now, in words.
    room_now: str = ""


def agenda_ahead(state: MeetingState) -> tuple[tuple[str, int], ...]:
    return tuple((p.name, round(p.planned_seconds / 60)) for p in
                 state.phases[state.phase_index + 1:])


def room_now(state: MeetingState, now: float, settings: dict | None = None) -> str:
    """The room's screen in a few words: the prompt by its title, the silent timer's
    countdown, the reminder or celebration card as the room sees it."""
    if state.care_pause is not None:
        return f"a care pause, “{CARE_PAUSE_WORDS}”"
    quiet = state.quiet
    if quiet is not None:
        words = quiet_title(quiet)
        left = quiet.remaining(now)
        if left is not None:
            words += f", silent timer {clock(-(-left // 1))} left" if left > 0 else \
                ", the silent timer is over"
        return words
    view = room_view(state, now, settings)
    parts = []
    if view.celebration:
        parts.append(f"Celebration card: “{view.celebration}”")
    if view.reminder:
        parts.append(f"Reminder card: “{view.reminder}”")
    if not parts:
        parts.append("The share timer" if view.reading is not None else "The phase")
    return " · ".join(parts)


def co_view(state: MeetingState | None, now: float, settings: dict | None = None) -> CoView:
    if state is None:
        return CoView()
    hush = ""
    if state.is_open and state.care_pause is not None:
        hush = "Care pause: every timer is stopped; names are hidden."
    elif state.is_open and state.quiet is not None:
        hush = f"Quiet mode: {quiet_title(state.quiet)}. Names are hidden."
    if not state.is_open:
        return CoView(ahead=())
    return CoView(
        hushed=bool(hush),
        hush=hush,
        not_spoken=() if hush else tuple(describe(n) for n in state.not_yet_spoken()),
        ahead=agenda_ahead(state),
        room_now=room_now(state, now, settings),
    )
