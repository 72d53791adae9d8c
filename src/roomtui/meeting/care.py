"""Group agreements, quiet mode, reminders and the care pause: the pure part.

Quiet mode, the reminder card and the care pause are events in the meeting log, so
every reader of the log (the room view, a restart, the review) knows what the room
should see: ``state.quiet``, ``state.reminder`` and ``state.care_pause``. None of them
is undoable: they are moments that happened, not edits to the queue, and ``u`` keeps
taking back queue and timer actions as before.

A care pause freezes every running timer (the share and the phase; the meeting clock
keeps going) and leaving it resumes exactly the timers it froze. While it lasts the core
refuses every other action, so nothing can start a timer behind the pause's back.
Quiet mode freezes nothing: a moment of silence is part of the meeting's time.

The agreements and the prompt library belong to the group (``groups.json``); this
module holds their defaults and the list edits, so the rules (no empty texts, kinds
that exist) are the same wherever they are applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeVar

from roomtui.meeting.errors import Refused
from roomtui.meeting.events import Event, Reducer
from roomtui.meeting.text import TextRefused, clean_text, strip_controls

if TYPE_CHECKING:
    from roomtui.meeting.state import MeetingState

QUIET_STARTED = "quiet_started"
QUIET_ENDED = "quiet_ended"
REMINDER_SHOWN = "reminder_shown"
REMINDER_CLEARED = "reminder_cleared"
CARE_STARTED = "care_pause_started"
CARE_ENDED = "care_pause_ended"

CARE = "care"
QUIET = "quiet"

#: The kinds of quiet-mode screen; a shipped prompt's id is its kind (formats use these).
PROMPT_KINDS = (
    "moment-of-silence", "breathing-box", "breathing-478", "grounding-54321", "reflection",
)
KIND_TITLES = {
    "moment-of-silence": "A moment of silence",
    "breathing-box": "Box breathing",
    "breathing-478": "4-7-8 breathing",
    "grounding-54321": "5-4-3-2-1 grounding",
    "reflection": "A question to reflect on",
}
GROUNDING_STEPS = (
    "5  things you can see",
    "4  things you can feel",
    "3  things you can hear",
    "2  things you can smell",
    "1  thing you can taste",
)
DEFAULT_AGREEMENTS = (
    "What is shared here stays here.",
    "One voice at a time.",
    "Share the air: leave room for others to speak.",
    "Speak from your own experience: “I”, not “you”.",
    "It is fine to pass.",
    "No advice unless someone asks for it.",
    "Phones on silent.",
    "No graphic detail of self-harm or methods.",
)
DEFAULT_PROMPTS: tuple[Prompt, ...] = (
    {"id": "moment-of-silence", "kind": "moment-of-silence",
     "text": "Let us take a moment of silence together."},
    {"id": "breathing-box", "kind": "breathing-box",
     "text": "Breathe along with the bar: in, hold, out, hold. Four counts each."},
    {"id": "breathing-478", "kind": "breathing-478",
     "text": "Breathe in for 4, hold for 7, and breathe out slowly for 8."},
    {"id": "grounding-54321", "kind": "grounding-54321",
     "text": "Take your time, and notice:"},
    {"id": "reflection", "kind": "reflection",
     "text": "What is one thing you will take away today?"},
)
CARE_PROMPT = (
    "Let us pause for a moment.",
    "Feel your feet on the floor.",
    "Breathe in slowly, and out slowly.",
    "We will go on when we are ready.",
)
REMINDER_LEAD = "A gentle reminder"
IN_CARE_PAUSE = "The group is in a care pause: press Enter or ! to go on first."
MAX_ITEM = 2000
MAX_SILENCE = 60 * 60


class Prompt(TypedDict):
    """A quiet-mode prompt of the group's library (``groups.json``), or a shipped one."""

    id: str
    kind: str  # one of PROMPT_KINDS
    text: str


#: An item of a library list: an agreement (its text) or a quiet prompt.
Item = TypeVar("Item", str, Prompt)


# -- what the log folds to -------------------------------------------------------------


@dataclass
class Quiet:
    """The quiet-mode screen the room is looking at."""

    prompt_id: str
    kind: str
    text: str
    started_at: float
    seconds: int | None = None  # the optional silent timer

    def remaining(self, now: float) -> float | None:
        if self.seconds is None:
            return None
        return max(0.0, self.seconds - (now - self.started_at))


@dataclass
class CarePause:
    """A care pause under way, and which timers it froze (so it resumes only those)."""

    started_at: float
    froze_share: bool = False
    froze_phase: bool = False


@dataclass
class PauseRecord:
    """That a pause happened: when, how long, what kind. Never what it was about."""

    at: float
    kind: str
    ended_at: float | None = None
    prompt: str = ""
    follow_up: bool = False

    def seconds(self, now: float, meeting_end: float | None = None) -> float:
        end = self.ended_at if self.ended_at is not None else meeting_end
        return max(0.0, (end if end is not None else now) - self.at)


# -- reducers: deterministic, and never raise on odd input --------------------------------


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number > 0 else None


def _close_open(state: MeetingState, kind: str, at: float) -> None:
    for record in reversed(state.pauses):
        if record.kind == kind and record.ended_at is None:
            record.ended_at = max(at, record.at)
            return


def _close_quiet(state: MeetingState, at: float) -> None:
    if state.quiet is not None:
        _close_open(state, QUIET, at)
        state.quiet = None


def _r_quiet_started(state: MeetingState, ev: Event) -> None:
    if not state.is_open or state.care_pause is not None:
        return
    at = float(ev["at"])
    _close_quiet(state, at)
    state.quiet = Quiet(
        prompt_id=str(ev.get("prompt", "")),
        kind=str(ev.get("prompt_kind", "")),
        text=str(ev.get("text", "")),
        started_at=at,
        seconds=_whole(ev.get("seconds")),
    )
    state.pauses.append(PauseRecord(at=at, kind=QUIET, prompt=state.quiet.prompt_id))


def _r_quiet_ended(state: MeetingState, ev: Event) -> None:
    _close_quiet(state, float(ev["at"]))


def _r_reminder_shown(state: MeetingState, ev: Event) -> None:
    text = ev.get("text")
    if isinstance(text, str) and text:
        state.reminder = text


def _r_reminder_cleared(state: MeetingState, ev: Event) -> None:
    state.reminder = None


def _r_care_started(state: MeetingState, ev: Event) -> None:
    if state.care_pause is not None or not state.is_open:
        return
    at = float(ev["at"])
    _close_quiet(state, at)
    turn = state.current
    froze_share = turn is not None and not turn.watch.paused
    if turn is not None and froze_share:
        turn.watch.pause(at)
    run = state.phase_runs[-1] if state.phase_runs else None
    froze_phase = run is not None and not run.watch.paused
    if run is not None and froze_phase:
        run.watch.pause(at)
    state.care_pause = CarePause(at, froze_share, froze_phase)
    state.pauses.append(PauseRecord(at=at, kind=CARE, follow_up=True))


def _r_care_ended(state: MeetingState, ev: Event) -> None:
    pause = state.care_pause
    if pause is None:
        return
    at = max(float(ev["at"]), pause.started_at)
    if pause.froze_share and state.current is not None:
        state.current.watch.resume(at)
    if pause.froze_phase and state.phase_runs:
        state.phase_runs[-1].watch.resume(at)
    _close_open(state, CARE, at)
    state.care_pause = None


def on_meeting_end(state: MeetingState, at: float) -> None:
    """The meeting ended: whatever quiet, reminder or pause was showing ends with it."""
    _close_quiet(state, at)
    if state.care_pause is not None:
        _close_open(state, CARE, at)
        state.care_pause = None
    state.reminder = None


REDUCERS: dict[str, Reducer] = {
    QUIET_STARTED: _r_quiet_started,
    QUIET_ENDED: _r_quiet_ended,
    REMINDER_SHOWN: _r_reminder_shown,
    REMINDER_CLEARED: _r_reminder_cleared,
    CARE_STARTED: _r_care_started,
    CARE_ENDED: _r_care_ended,
}


# -- decisions, mixed into Meeting ---------------------------------------------------------


def _clean(raw: object, what: str) -> str:
    if not isinstance(raw, str):
        raise Refused(f"{what} must be text.")
    try:
        return clean_text(raw, limit=MAX_ITEM, what=what)
    except TextRefused as err:
        raise Refused(str(err)) from None


class _Deciding(Protocol):
    """What ``CareActions`` needs of the class it is mixed into (``Meeting``)."""

    def _open(self, during_care: bool = False) -> MeetingState: ...

    def _event(self, kind: str, at: float, **payload: Any) -> Event: ...


class CareActions:
    """Meeting's quiet-mode, reminder and care-pause decisions (uses its ``_open``/``_event``)."""

    def start_quiet(self: _Deciding, prompt: Mapping[str, Any], at: float,
                    seconds: int | None = None) -> Event:
        state = self._open()
        if state.quiet is not None:
            raise Refused("Quiet mode is already on.")
        kind = prompt.get("kind")
        if kind not in PROMPT_KINDS:
            raise Refused(f"roomtui does not know the quiet prompt {kind!r}.")
        text = _clean(prompt.get("text", ""), "A prompt")
        if seconds is not None and not 0 < seconds <= MAX_SILENCE:
            raise Refused("A silent timer runs from 1 second to 60 minutes.")
        return self._event(
            QUIET_STARTED, at, prompt=str(prompt.get("id") or kind), prompt_kind=kind, text=text,
            seconds=seconds,
        )

    def end_quiet(self: _Deciding, at: float) -> Event:
        state = self._open()
        if state.quiet is None:
            raise Refused("Quiet mode is not on.")
        return self._event(QUIET_ENDED, at)

    def show_reminder(self: _Deciding, text: str, at: float) -> Event:
        state = self._open()
        clean = _clean(text, "A reminder")
        if state.reminder == clean:
            raise Refused("That reminder is already showing.")
        return self._event(REMINDER_SHOWN, at, text=clean)

    def clear_reminder(self: _Deciding, at: float) -> Event:
        state = self._open()
        if state.reminder is None:
            raise Refused("No reminder is showing.")
        return self._event(REMINDER_CLEARED, at)

    def start_care_pause(self: _Deciding, at: float) -> Event:
        state = self._open(during_care=True)
        if state.care_pause is not None:
            raise Refused("A care pause is already on.")
        return self._event(CARE_STARTED, at)

    def end_care_pause(self: _Deciding, at: float) -> Event:
        state = self._open(during_care=True)
        if state.care_pause is None:
            raise Refused("There is no care pause to leave.")
        return self._event(CARE_ENDED, at)


def describe(ev: Event) -> str | None:
    """A few words for this module's events, or None for others."""
    return {
        QUIET_STARTED: "quiet mode",
        QUIET_ENDED: "the end of quiet mode",
        REMINDER_SHOWN: "a reminder",
        REMINDER_CLEARED: "clearing the reminder",
        CARE_STARTED: "a care pause",
        CARE_ENDED: "the end of a care pause",
    }.get(ev.get("type", ""))


# -- the breathing pacer ---------------------------------------------------------------------

#: (word, seconds, shape) where shape is "in" (fill grows), "out" (shrinks) or the fill held.
BREATH_PATTERNS: dict[str, tuple[tuple[str, int, str], ...]] = {
    "breathing-box": (
        ("Breathe in", 4, "in"), ("Hold", 4, "full"), ("Breathe out", 4, "out"),
        ("Hold", 4, "empty"),
    ),
    "breathing-478": (("Breathe in", 4, "in"), ("Hold", 7, "full"), ("Breathe out", 8, "out")),
}


@dataclass(frozen=True)
class BreathStep:
    word: str
    fill: float  # 0 (empty) .. 1 (full): the pacer bar's length
    count: int  # whole seconds left in this step, counting down 4, 3, 2, 1


def breath_at(kind: str, elapsed: float) -> BreathStep:
    """Where the pacer stands ``elapsed`` seconds after it started: a pure function of time."""
    pattern = BREATH_PATTERNS.get(kind, BREATH_PATTERNS["breathing-box"])
    cycle = sum(step[1] for step in pattern)
    t = max(0.0, elapsed) % cycle
    for word, seconds, shape in pattern:
        if t < seconds:
            part = t / seconds
            fill = {"in": part, "out": 1.0 - part, "full": 1.0, "empty": 0.0}[shape]
            return BreathStep(word, fill, max(1, seconds - int(t)))
        t -= seconds
    word, seconds, shape = pattern[-1]  # only reached through float rounding
    return BreathStep(word, 0.0 if shape in ("out", "empty") else 1.0, 1)


# -- the group's library: agreements and prompts ----------------------------------------------


def agreements_of(group: Mapping[str, Any]) -> list[str]:
    """The group's agreements; the default set for a group that never edited them."""
    items = group.get("agreements")
    if not isinstance(items, list):
        return list(DEFAULT_AGREEMENTS)
    # groups.json is a file a person can edit: no escape code reaches the screen from it
    cleaned = (strip_controls(item, keep_newlines=True).strip() for item in items
               if isinstance(item, str))
    return [item for item in cleaned if item]


def prompts_of(group: Mapping[str, Any]) -> list[Prompt]:
    """The group's quiet prompts; the default library for a group that never edited it."""
    items = group.get("prompts")
    if not isinstance(items, list):
        return [p.copy() for p in DEFAULT_PROMPTS]
    return [
        {"id": str(p.get("id") or p["kind"]), "kind": p["kind"], "text": p["text"]}
        for p in items
        if isinstance(p, dict) and p.get("kind") in PROMPT_KINDS and isinstance(p.get("text"), str)
    ]


def find_prompt(prompts: list[Prompt], prompt_id: str | None) -> Prompt | None:
    """A prompt by id (a format's phase names one); the shipped one if the group removed it."""
    if not prompt_id:
        return None
    for prompt in prompts:
        if prompt["id"] == prompt_id:
            return prompt
    for prompt in DEFAULT_PROMPTS:
        if prompt["id"] == prompt_id:
            return prompt.copy()
    return None


def new_prompt_id(prompts: list[Prompt], kind: str) -> str:
    taken = {p["id"] for p in prompts}
    if kind not in taken:
        return kind
    n = 2
    while f"{kind}-{n}" in taken:
        n += 1
    return f"{kind}-{n}"


def add_item(items: list[str], text: str, what: str = "An agreement") -> list[str]:
    return [*items, _clean(text, what)]


def edit_item(items: list[Item], index: int, text: str, what: str = "An agreement") -> list[Item]:
    if not 0 <= index < len(items):
        raise Refused("Choose an item first.")
    clean = _clean(text, what)
    out = list(items)
    item = out[index]
    if isinstance(item, dict):  # a prompt keeps its id and kind
        out[index] = {**item, "text": clean}
    else:  # an agreement is its text
        out[index] = clean
    return out


def move_item(items: list[Item], index: int, delta: int) -> list[Item]:
    if not 0 <= index < len(items):
        raise Refused("Choose an item first.")
    j = index + delta
    if not 0 <= j < len(items):
        raise Refused("Already at the " + ("top." if delta < 0 else "bottom."))
    out = list(items)
    out.insert(j, out.pop(index))
    return out


def remove_item(items: list[Item], index: int) -> list[Item]:
    if not 0 <= index < len(items):
        raise Refused("Choose an item first.")
    return items[:index] + items[index + 1:]


def add_prompt(prompts: list[Prompt], text: str, kind: str = "reflection") -> list[Prompt]:
    if kind not in PROMPT_KINDS:
        raise Refused(f"roomtui does not know the quiet prompt {kind!r}.")
    clean = _clean(text, "A prompt")
    return [*prompts, {"id": new_prompt_id(prompts, kind), "kind": kind, "text": clean}]
