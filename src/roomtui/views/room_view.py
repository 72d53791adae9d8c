"""What the room view may show, decided in one pure function.

The projector faces everyone in the room, so what reaches it is chosen here, field by
field, from the meeting's state: the phase, the share timer, the speaker's first name
(unless the group hides names), the reminder card and a quiet-mode or care-pause
prompt. Notes, talk-time figures and the queue's private markers are never copied in,
so the room screen cannot show them whatever its widgets do. No Textual, no files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from roomtui.meeting import MeetingState
from roomtui.meeting.care import BREATH_PATTERNS, GROUNDING_STEPS, KIND_TITLES, Quiet
from roomtui.meeting.text import strip_controls
from roomtui.meeting.timers import ShareReading, clock, read_share

#: Group setting (in groups.json ``settings``) that keeps names off the room view.
HIDE_NAMES = "room_hide_names"

CARE_PAUSE_WORDS = "Let's pause together for a moment."
CARE_PAUSE_HINT = "Breathe in slowly… and out. Notice your feet on the floor."
#: The celebration card when the group keeps names off the room view.
CELEBRATING_HIDDEN = "Celebrating a milestone"


@dataclass(frozen=True)
class RoomView:
    """Everything the room view draws, and nothing more."""

    phase: str = ""
    reading: ShareReading | None = None
    #: The speaker's first name, or "" (nobody speaking, names hidden, or quiet).
    speaker: str = ""
    reminder: str = ""
    #: A calm full-screen prompt (quiet mode or care pause); hides names and timers.
    prompt_title: str = ""
    prompt_text: str = ""
    #: What moves under the prompt, as on the facilitator's quiet screen (the breathing
    #: pacer, a silent timer): drawn from the same start time, so the two are in step.
    pacer: Quiet | None = None
    #: The celebration card's words; shown with the share timer, never instead of it.
    celebration: str = ""
    ended: bool = False


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else ""


def describe(item: Any, *fields: str) -> str:
    """Text from a state field that may be a string, a dict or an object (or absent)."""
    if not item:
        return ""
    if isinstance(item, str):
        return strip_controls(item).strip()
    for name in fields:
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if isinstance(value, str) and value.strip():
            return strip_controls(value).strip()
    return ""


def quiet_title(quiet: Quiet) -> str:
    """A quiet prompt as people call it ("Box breathing"), never its id."""
    return KIND_TITLES.get(getattr(quiet, "kind", ""), "A quiet moment")


def moves(quiet: Quiet) -> bool:
    """Whether the prompt has a figure that moves: a pacer or a silent timer."""
    return quiet.kind in BREATH_PATTERNS or (
        quiet.kind == "moment-of-silence" and bool(quiet.seconds))


def room_view(state: MeetingState | None, now: float, settings: dict | None = None) -> RoomView:
    """The room's share of the meeting at ``now``."""
    if state is None:
        return RoomView()
    if not state.is_open:
        return RoomView(phase=state.phase.name, ended=True)
    settings = settings or {}
    reminder = describe(state.reminder)
    if state.care_pause is not None:
        return RoomView(
            phase=state.phase.name, prompt_title=CARE_PAUSE_WORDS, prompt_text=CARE_PAUSE_HINT
        )
    if state.quiet is not None:
        quiet = state.quiet
        text = describe(quiet.text)
        if quiet.kind == "grounding-54321" and not text:
            text = "\n".join(GROUNDING_STEPS)
        pacer = quiet if moves(quiet) else None
        if quiet.seconds and pacer is None:
            left = max(0.0, quiet.started_at + quiet.seconds - now)
            text = (text + "\n\n" if text else "") + clock(left)
        return RoomView(phase=state.phase.name, prompt_title=quiet_title(quiet),
                        prompt_text=text, pacer=pacer)
    celebration = describe(getattr(state, "celebration", None))
    if celebration and settings.get(HIDE_NAMES):
        celebration = CELEBRATING_HIDDEN  # the card's own words may name someone
    current = state.current
    reading = read_share(current, now, state.wrap_up_seconds) if current else None
    speaker = ""
    if current is not None and not settings.get(HIDE_NAMES):
        speaker = first_name(current.name)
    return RoomView(
        phase=state.phase.name, reading=reading, speaker=speaker, reminder=reminder,
        celebration=celebration,
    )
