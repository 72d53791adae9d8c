"""The meeting as an event log: every facilitator action is an event, the state a fold.

``Meeting.prepare`` checks an action against the current state and returns the event
(or raises ``Refused`` with a message for the facilitator); the caller makes the event
durable, then ``Meeting.apply`` folds it in. Replaying the stored events through
``apply`` gives exactly the live state, which is how a restart resumes a meeting.

Undo and redo are events too. They switch earlier undoable events off and on again,
and the state is rebuilt from the events that remain on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from roomtui.meeting import attendance as _att
from roomtui.meeting import care
from roomtui.meeting import notes as _notes
from roomtui.meeting.errors import Refused
from roomtui.meeting.events import Event, Payload, Reducer
from roomtui.meeting.state import (
    DIRECT,
    PASS,
    ROUND,
    SHARE,
    Entry,
    MeetingState,
    Phase,
    PhaseRun,
    Stopwatch,
    Turn,
)
from roomtui.meeting.text import TextRefused, clean_name, name_key

STARTED = "meeting_started"
BEGUN = "meeting_begun"
ENDED = "meeting_ended"
QUEUED = "queued"
REMOVED = "removed"
MOVED = "moved"
NEXT = "next"
PASSED = "passed"
PAUSED = "timer_paused"
RESUMED = "timer_resumed"
ADJUSTED = "time_adjusted"
PHASE = "phase_advanced"
ROUND_STARTED = "round_started"
UNDO = "undo"
REDO = "redo"
SETTINGS = "settings_changed"
#: The group's roster changed while the meeting was open: seat order follows it.
ROSTER = "roster_changed"

#: Actions that ``u`` takes back, newest first, and ``ctrl+r`` puts back.
UNDOABLE = frozenset(
    {QUEUED, REMOVED, MOVED, NEXT, PASSED, PAUSED, RESUMED, ADJUSTED, PHASE, ROUND_STARTED}
    | _att.ATTENDANCE_EVENTS
)

ADJUST_STEP = 30



def _seat_index(state: MeetingState, name: str) -> int:
    key = name_key(name)
    for i, person in enumerate(state.people()):
        if name_key(person) == key:
            return i
    return len(state.people())


# -- reducers: (state, event) -> None, mutating state. They never raise on odd input. --


def _start_turn(state: MeetingState, name: str, kind: str, at: float) -> None:
    state.current = Turn(
        name=name,
        kind=kind,
        phase=state.phase_index,
        watch=Stopwatch(started_at=at),
        limit_seconds=state.share_limit(kind),
    )


def _end_turn(state: MeetingState, at: float) -> None:
    if state.current is not None:
        state.current.watch.stop(at)
        state.turns.append(state.current)
        state.current = None


def _advance(state: MeetingState, at: float) -> None:
    """End the current turn and start whoever comes next: the round first, then the queue."""
    _end_turn(state, at)
    if state.round_left is not None:
        if state.round_left:
            _start_turn(state, state.round_left.pop(0), ROUND, at)
            return
        state.round_left = None
        state.round_name = ""
    if state.queue:
        entry = state.queue.pop(0)
        _start_turn(state, entry.name, entry.kind, at)


def _insert_position(state: MeetingState, kind: str, name: str) -> int:
    lead = 0
    while lead < len(state.queue) and state.queue[lead].kind == DIRECT:
        lead += 1
    if kind == DIRECT:
        return lead
    if state.priority_unspoken and not state.has_spoken(name):
        pos = lead
        while pos < len(state.queue) and not state.has_spoken(state.queue[pos].name):
            pos += 1
        return pos
    return len(state.queue)


def _r_started(state: MeetingState, ev: Event) -> None:
    fmt = ev.get("format") or {}
    state.id = str(ev.get("id", ""))
    state.group = str(ev.get("group", ""))
    state.format_name = str(fmt.get("name", ""))
    state.started_at = float(ev["at"])
    state.share_seconds = int(fmt.get("share_seconds", state.share_seconds))
    state.wrap_up_seconds = int(fmt.get("wrap_up_seconds", state.wrap_up_seconds))
    state.bell = bool(fmt.get("bell", False))
    phases = [Phase.from_dict(p) for p in fmt.get("phases", [])]
    if phases:
        state.phases = phases
    settings = ev.get("settings") or {}
    state.priority_unspoken = bool(settings.get("priority_unspoken", False))
    state.roster = [str(n) for n in ev.get("roster", [])]
    # A log written before "not started" existed began at its first event.
    state.begun = not ev.get("await_begin", False)
    state.phase_runs = [PhaseRun(0, Stopwatch(started_at=float(ev["at"])))] if state.begun else []


def _r_begun(state: MeetingState, ev: Event) -> None:
    if state.begun or not state.is_open:
        return
    state.begun = True
    state.started_at = float(ev["at"])
    state.phase_runs = [PhaseRun(0, Stopwatch(started_at=float(ev["at"])))]


def _r_queued(state: MeetingState, ev: Event) -> None:
    name = ev["name"]
    if ev.get("guest") and state.find_person(name) is None:
        state.guests.append(name)
    if ev.get("to_round") and state.round_left is not None:
        state.round_left.append(name)
        return
    kind = DIRECT if ev.get("direct") else SHARE
    entry = Entry(id=ev["seq"], name=name, kind=kind, queued_at=ev["at"])
    state.queue.insert(_insert_position(state, kind, name), entry)


def _r_removed(state: MeetingState, ev: Event) -> None:
    state.queue = [e for e in state.queue if e.id != ev["entry"]]


def _r_moved(state: MeetingState, ev: Event) -> None:
    entry = state.entry(ev["entry"])
    if entry is None:
        return
    i = state.queue.index(entry)
    j = max(0, min(len(state.queue) - 1, i + int(ev["delta"])))
    state.queue.insert(j, state.queue.pop(i))


def _r_next(state: MeetingState, ev: Event) -> None:
    _advance(state, ev["at"])


def _r_passed(state: MeetingState, ev: Event) -> None:
    if state.current is not None:
        state.current.kind = PASS
        state.current.limit_seconds = None
    _advance(state, ev["at"])


def _r_paused(state: MeetingState, ev: Event) -> None:
    if state.current is not None:
        state.current.watch.pause(ev["at"])


def _r_resumed(state: MeetingState, ev: Event) -> None:
    if state.current is not None:
        state.current.watch.resume(ev["at"])


def _r_adjusted(state: MeetingState, ev: Event) -> None:
    turn = state.current
    if turn is not None and turn.limit_seconds is not None:
        turn.limit_seconds = max(0, turn.limit_seconds + int(ev["seconds"]))


def _r_phase(state: MeetingState, ev: Event) -> None:
    if state.phase_index + 1 >= len(state.phases):
        return
    nxt = state.phase_index + 1
    if ev.get("ends_turn", False):
        # The phase's business ends with it: the turn (recorded), the round, and the
        # queue if the facilitator chose to clear it. Logs from before kept them going.
        _end_turn(state, ev["at"])
        state.round_left = None
        state.round_name = ""
        if ev.get("clear_queue"):
            state.queue = []
    if state.phase_runs:
        state.phase_runs[-1].watch.stop(ev["at"])
    state.phase_runs.append(PhaseRun(nxt, Stopwatch(started_at=ev["at"])))


def _r_round(state: MeetingState, ev: Event) -> None:
    names = [str(n) for n in ev.get("names", [])]
    _end_turn(state, ev["at"])
    state.round_name = str(ev.get("label", "Round"))
    state.round_phases.append(state.phase_index)
    state.round_left = names
    _advance(state, ev["at"])


def _r_settings(state: MeetingState, ev: Event) -> None:
    if "priority_unspoken" in ev:
        state.priority_unspoken = bool(ev["priority_unspoken"])


def _r_roster(state: MeetingState, ev: Event) -> None:
    state.roster = [str(n) for n in ev.get("roster", [])]


def _r_ended(state: MeetingState, ev: Event) -> None:
    at = ev["at"]
    _end_turn(state, at)
    if state.phase_runs:
        state.phase_runs[-1].watch.stop(at)
    state.round_left = None
    care.on_meeting_end(state, at)
    state.ended_at = at


REDUCERS: dict[str, Reducer] = {
    STARTED: _r_started,
    BEGUN: _r_begun,
    QUEUED: _r_queued,
    REMOVED: _r_removed,
    MOVED: _r_moved,
    NEXT: _r_next,
    PASSED: _r_passed,
    PAUSED: _r_paused,
    RESUMED: _r_resumed,
    ADJUSTED: _r_adjusted,
    PHASE: _r_phase,
    ROUND_STARTED: _r_round,
    SETTINGS: _r_settings,
    ROSTER: _r_roster,
    ENDED: _r_ended,
    **_notes.REDUCERS,
    **_att.REDUCERS,
    **care.REDUCERS,
}


def reduce(state: MeetingState, ev: Event) -> None:
    """Fold one event into the state. Unknown events (from a newer version) are skipped."""
    handler = REDUCERS.get(ev.get("type", ""))
    if ev.get("begins"):
        _r_begun(state, ev)  # the first n, r or p of a meeting not yet begun begins it
    if handler is not None:
        handler(state, ev)
    state.events_applied += 1


class Meeting(care.CareActions):
    """A meeting's events and the state they fold to, with undo and redo."""

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self.events: list[Event] = []
        self.state = MeetingState()
        self._done: list[int] = []
        self._undone: list[int] = []
        self._off: set[int] = set()
        for ev in events:
            self.apply(ev)

    # -- folding -------------------------------------------------------------------
    def apply(self, ev: Event) -> None:
        """Fold an event (already durable) into the live state."""
        self.events.append(ev)
        kind = ev.get("type")
        if kind == UNDO:
            if self._done:
                seq = self._done.pop()
                self._undone.append(seq)
                self._off.add(seq)
                self.state = self.replay()
        elif kind == REDO:
            if self._undone:
                seq = self._undone.pop()
                self._done.append(seq)
                self._off.discard(seq)
                self.state = self.replay()
        else:
            reduce(self.state, ev)
            if kind in UNDOABLE:
                self._done.append(ev["seq"])
                self._undone.clear()

    def replay(self) -> MeetingState:
        """The state from scratch: every event that is on, in order."""
        state = MeetingState()
        for ev in self.events:
            if ev.get("type") in (UNDO, REDO):
                continue
            if ev.get("seq") in self._off:
                if ev.get("begins"):
                    _r_begun(state, ev)  # undo takes the action back, never the begin
                continue
            reduce(state, ev)
        return state

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def last_undoable(self) -> Event | None:
        return self.events[self._done[-1]] if self._done else None

    def next_redoable(self) -> Event | None:
        return self.events[self._undone[-1]] if self._undone else None

    # -- deciding ------------------------------------------------------------------
    def _event(self, kind: str, at: float, **payload: Any) -> Event:
        return {"seq": len(self.events), "type": kind, "at": float(at), **payload}

    def _open(self, during_care: bool = False) -> MeetingState:
        state = self.state
        if not state.started_at and not self.events:
            raise Refused("This meeting has not started.")
        if not state.is_open:
            raise Refused("This meeting has ended.")
        if state.care_pause is not None and not during_care:
            raise Refused(care.IN_CARE_PAUSE)
        return state

    def start(
        self,
        meeting_id: str,
        group: str,
        fmt: Mapping[str, Any],
        roster: list[str],
        at: float,
        settings: Mapping[str, Any] | None = None,
        await_begin: bool = False,
    ) -> Event:
        """The meeting's first event. With ``await_begin`` it is "not started" (set-up
        time, no clock running) until ``begin``."""
        if self.events:
            raise Refused("This meeting has already started.")
        extra = {"await_begin": True} if await_begin else {}
        return self._event(
            STARTED,
            at,
            id=meeting_id,
            group=group,
            format=fmt,
            roster=list(roster),
            settings=dict(settings or {}),
            **extra,
        )

    def check_direct(self) -> None:
        """Raise ``Refused`` if a direct response cannot be taken now, whoever it is from:
        the screen says why before asking for a name."""
        state = self._open()
        if state.in_round:
            raise Refused("Direct responses wait until the round is over.")
        if not state.phase.crosstalk:
            raise Refused(f"No crosstalk in “{state.phase.name}”: direct responses are off.")

    def begin(self, at: float) -> Event:
        """The meeting and its first phase begin: from now on its time counts."""
        state = self._open(during_care=True)
        if state.begun:
            raise Refused("The meeting has already begun.")
        return self._event(BEGUN, at)

    @staticmethod
    def _begins(state: MeetingState) -> dict[str, bool]:
        """The first n, r or p of a meeting not yet begun begins it (set-up is over)."""
        return {} if state.begun else {"begins": True}

    def queue(self, raw_name: str, at: float, direct: bool = False) -> Event:
        state = self._open()
        try:
            name = clean_name(raw_name)
        except TextRefused as err:
            raise Refused(str(err)) from None
        known = state.find_person(name)
        if known is not None:
            name = known
        if direct:
            self.check_direct()
        if state.in_round and not direct:
            key = name_key(name)
            if any(name_key(n) == key for n in state.round_left or []):
                raise Refused(f"{name} is already in this round.")
            if state.current is not None and name_key(state.current.name) == key:
                raise Refused(f"{name} is speaking now.")
            return self._event(QUEUED, at, name=name, guest=known is None, to_round=True)
        if state.waiting(name) is not None:
            raise Refused(f"{name} is already waiting.")
        return self._event(QUEUED, at, name=name, direct=direct, guest=known is None)

    def remove(self, entry_id: int, at: float) -> Event:
        state = self._open()
        if state.entry(entry_id) is None:
            raise Refused("Choose someone in the queue first.")
        return self._event(REMOVED, at, entry=entry_id)

    def move(self, entry_id: int, delta: int, at: float) -> Event:
        state = self._open()
        entry = state.entry(entry_id)
        if entry is None:
            raise Refused("Choose someone in the queue first.")
        i = state.queue.index(entry)
        if not 0 <= i + delta < len(state.queue):
            raise Refused("Already at the " + ("top." if delta < 0 else "bottom."))
        return self._event(MOVED, at, entry=entry_id, delta=delta)

    def next(self, at: float) -> Event:
        state = self._open()
        if state.current is None and not state.queue and not state.round_left:
            raise Refused("Nobody is waiting to speak.")
        return self._event(NEXT, at, **self._begins(state))

    def pass_turn(self, at: float) -> Event:
        state = self._open()
        if state.current is None:
            raise Refused("Nobody is speaking, so there is no turn to pass.")
        return self._event(PASSED, at)

    def toggle_pause(self, at: float) -> Event:
        state = self._open()
        if state.current is None:
            raise Refused("No share timer is running.")
        return self._event(RESUMED if state.current.watch.paused else PAUSED, at)

    def adjust(self, seconds: int, at: float) -> Event:
        state = self._open()
        if state.current is None:
            raise Refused("Nobody is speaking, so there is no share time to change.")
        limit = state.current.limit_seconds
        if limit is None:
            raise Refused("This turn has no time limit, so there is no time to add or take.")
        if seconds < 0 and limit + seconds <= 0:
            # a limit of 0 would read as "no time limit" and "over time" at once
            raise Refused(f"This share's limit is {limit} s: it cannot be shorter.")
        return self._event(ADJUSTED, at, seconds=int(seconds))

    def next_phase(self, at: float, clear_queue: bool = False) -> Event:
        """The next agenda phase: the current turn ends (recorded) and a round stops;
        people waiting keep waiting unless ``clear_queue``. Undo restores all of it."""
        state = self._open()
        if state.phase_index + 1 >= len(state.phases):
            raise Refused("This is the last phase. Press e to end the meeting.")
        extra = {"clear_queue": True} if clear_queue and state.queue else {}
        return self._event(PHASE, at, ends_turn=True, **extra, **self._begins(state))

    def start_round(self, at: float, names: list[str] | None = None, label: str = "") -> Event:
        state = self._open()
        if state.in_round:
            raise Refused("A round is already under way.")
        people = list(names) if names is not None else state.present()
        if not people:
            raise Refused("Nobody on the roster yet: add people with a.")
        if not label:
            label = state.phase.name if state.phase.round else "Round"
        return self._event(ROUND_STARTED, at, names=people, label=label,
                           **self._begins(state))

    def set_roster(self, roster: list[str], at: float) -> Event:
        """The group's roster, in seat order, as it is now (not undoable: the roster is
        edited in its own screen, and rounds and the people panel follow it from here)."""
        state = self._open(during_care=True)
        roster = [str(n) for n in roster]
        if roster == state.roster:
            raise Refused("The roster has not changed.")
        return self._event(ROSTER, at, roster=roster)

    def set_priority(self, on: bool, at: float) -> Event:
        """Gentle priority: people who have not spoken yet go ahead of those who have."""
        self._open()
        return self._event(SETTINGS, at, priority_unspoken=bool(on))

    def undo(self, at: float) -> Event:
        self._open()
        if not self._done:
            raise Refused("Nothing to undo.")
        return self._event(UNDO, at, target=self._done[-1])

    def redo(self, at: float) -> Event:
        self._open()
        if not self._undone:
            raise Refused("Nothing to redo.")
        return self._event(REDO, at, target=self._undone[-1])

    def end(self, at: float) -> Event:
        self._open(during_care=True)
        return self._event(ENDED, at)

    # -- notes (not undoable: see meeting/notes.py) -----------------------------------
    def add_note(self, raw: str, at: float, tag: str = _notes.THEME) -> Event:
        state = self._open()
        try:
            text = _notes.prepare_text(raw)
            tag = _notes.check_tag(tag)
        except TextRefused as err:
            raise Refused(str(err)) from None
        return self._event(_notes.NOTE_ADDED, at, text=text, tag=tag, phase=state.phase_index)

    def edit_note(self, note_id: int, at: float, raw: str | None = None,
                  tag: str | None = None) -> Event:
        state = self._open()
        if not any(n.id == note_id for n in state.notes):
            raise Refused("That note is no longer there.")
        payload: dict[str, str] = {}
        try:
            if raw is not None:
                payload["text"] = _notes.prepare_text(raw)
            if tag is not None:
                payload["tag"] = _notes.check_tag(tag)
        except TextRefused as err:
            raise Refused(str(err)) from None
        return self._event(_notes.NOTE_EDITED, at, note=note_id, **payload)

    def delete_note(self, note_id: int, at: float) -> Event:
        state = self._open()
        if not any(n.id == note_id for n in state.notes):
            raise Refused("That note is no longer there.")
        return self._event(_notes.NOTE_DELETED, at, note=note_id)
    # -- attendance and celebration (meeting/attendance.py) -------------------------
    def _attendance(self, decide: Callable[[MeetingState], Payload], at: float) -> Event:
        state = self._open()
        try:
            payload = decide(state)
        except _att.AttendanceRefused as err:
            raise Refused(str(err)) from None
        kind = payload.pop("type")
        return self._event(kind, at, **payload)

    def take_attendance(self, names: list[str], known: list[str], at: float) -> Event:
        return self._attendance(lambda s: _att.take(s, names, known), at)

    def arrive(self, name: str, known: list[str], at: float) -> Event:
        return self._attendance(lambda s: _att.arrive(s, name, known), at)

    def leave(self, name: str, at: float) -> Event:
        return self._attendance(lambda s: _att.leave(s, name), at)

    def celebrate(self, text: str, at: float) -> Event:
        return self._attendance(lambda s: _att.celebrate(s, text), at)

    def clear_celebration(self, at: float) -> Event:
        return self._attendance(_att.clear_celebration, at)


def describe(ev: Event | None) -> str:
    """A few words for an event, for 'Undid …' messages."""
    if ev is None:
        return "nothing"
    kind = str(ev.get("type"))  # an event without a type reads "None", as before
    name = ev.get("name", "")
    return {
        QUEUED: f"adding {name}" if not ev.get("direct") else f"direct response from {name}",
        REMOVED: "removing from the queue",
        MOVED: "moving in the queue",
        NEXT: "next speaker",
        PASSED: "pass",
        PAUSED: "pause",
        RESUMED: "resume",
        ADJUSTED: f"{ev.get('seconds', 0):+d} s",
        PHASE: "next phase",
        ROUND_STARTED: "starting the round",
    }.get(kind) or _att.describe(ev) or care.describe(ev) or str(kind)
