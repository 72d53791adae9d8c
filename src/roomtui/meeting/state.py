"""The live state of a meeting: plain data, derived entirely from the event log.

Nothing here reads a clock: every duration takes ``now`` from the caller, so the same
log gives the same figures live, after a restart, or in a test with a fake clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from roomtui.meeting.attendance import Attendance
from roomtui.meeting.attendance import present as _present
from roomtui.meeting.care import CarePause, PauseRecord, Quiet
from roomtui.meeting.text import name_key

if TYPE_CHECKING:
    from roomtui.meeting.notes import Note

SHARE = "share"
DIRECT = "direct"
ROUND = "round"
PASS = "pass"
TURN_KINDS = (SHARE, DIRECT, ROUND, PASS)


@dataclass(frozen=True)
class Phase:
    """One step of the agenda, as planned by the meeting's format."""

    name: str
    planned_seconds: int
    share_seconds: int | None = None
    round: bool = False
    crosstalk: bool = True
    prompt: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Phase:
        return cls(
            name=str(data["name"]),
            planned_seconds=int(data.get("planned_seconds", 0)),
            share_seconds=(
                int(data["share_seconds"]) if data.get("share_seconds") is not None else None
            ),
            round=bool(data.get("round", False)),
            crosstalk=bool(data.get("crosstalk", True)),
            prompt=data.get("prompt"),
        )


DEFAULT_PHASE = Phase(name="Meeting", planned_seconds=90 * 60)


@dataclass
class Stopwatch:
    """Elapsed time from a stored start, less pauses. Never counts ticks."""

    started_at: float
    paused_seconds: float = 0.0
    paused_since: float | None = None
    ended_at: float | None = None

    def elapsed(self, now: float) -> float:
        end = self.ended_at if self.ended_at is not None else now
        if self.paused_since is not None:
            end = min(end, self.paused_since)
        return max(0.0, end - self.started_at - self.paused_seconds)

    @property
    def paused(self) -> bool:
        return self.paused_since is not None

    def pause(self, at: float) -> None:
        if self.paused_since is None:
            self.paused_since = at

    def resume(self, at: float) -> None:
        if self.paused_since is not None:
            self.paused_seconds += max(0.0, at - self.paused_since)
            self.paused_since = None

    def stop(self, at: float) -> None:
        self.resume(at)
        self.ended_at = at


@dataclass
class Entry:
    """Someone waiting to speak."""

    id: int
    name: str
    kind: str  # SHARE or DIRECT
    queued_at: float


@dataclass
class Turn:
    """One person's time to speak: a share, a direct response, a round turn or a pass."""

    name: str
    kind: str
    phase: int
    watch: Stopwatch
    limit_seconds: int | None = None

    @property
    def started_at(self) -> float:
        return self.watch.started_at

    def seconds(self, now: float) -> float:
        return self.watch.elapsed(now)

    def remaining(self, now: float) -> float | None:
        if self.limit_seconds is None:
            return None
        return self.limit_seconds - self.seconds(now)


@dataclass
class PhaseRun:
    """A phase as it actually ran."""

    index: int
    watch: Stopwatch


@dataclass
class PersonStats:
    """Per person: shares (and direct responses), round turns apart, passes, talk time."""

    name: str
    turns: int = 0
    passes: int = 0
    seconds: float = 0.0
    rounds: int = 0  # check-in / check-out turns: counted apart from sharing

    @property
    def has_spoken(self) -> bool:
        """Shared in the sharing phases: a check-in turn alone is not a share."""
        return self.turns > 0


def _count(table: dict[str, PersonStats], turn: Turn, now: float) -> None:
    row = table.setdefault(name_key(turn.name), PersonStats(turn.name))
    if turn.kind == PASS:
        row.passes += 1
        return
    if turn.kind == ROUND:
        row.rounds += 1
    else:
        row.turns += 1
    row.seconds += turn.seconds(now)


@dataclass
class MeetingState:
    """Everything the screens show, as a pure fold of the meeting's events."""

    id: str = ""
    group: str = ""
    format_name: str = ""
    started_at: float = 0.0
    ended_at: float | None = None
    #: False while the facilitator sets up ("Not started · b begins"): no meeting time,
    #: no phase time counts until the meeting begins (meeting_begun, or an old log's start).
    begun: bool = True
    share_seconds: int = 180
    wrap_up_seconds: int = 60
    priority_unspoken: bool = False
    bell: bool = False
    phases: list[Phase] = field(default_factory=lambda: [DEFAULT_PHASE])
    phase_runs: list[PhaseRun] = field(default_factory=list)
    roster: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    queue: list[Entry] = field(default_factory=list)
    current: Turn | None = None
    turns: list[Turn] = field(default_factory=list)
    round_left: list[str] | None = None
    round_name: str = ""
    notes: list[Note] = field(default_factory=list)  # newest last
    round_phases: list[int] = field(default_factory=list)
    attendance: Attendance | None = None  # who is in the room (attendance.py); None: not taken
    celebration: str | None = None  # the celebration card showing to the room, if any
    quiet: Quiet | None = None  # the quiet-mode screen showing, if any (care.py)
    reminder: str | None = None  # the agreement on the reminder card, if any
    care_pause: CarePause | None = None  # a care pause under way: every timer frozen
    pauses: list[PauseRecord] = field(default_factory=list)  # care pauses and quiet times
    events_applied: int = 0
    #: Talk totals of finished turns, as (turns counted, {name key: PersonStats}). Finished
    #: turns never change and are only appended, so each one is added up once, not on
    #: every redraw of a long meeting. Not part of the state's value.
    _finished: tuple[int, dict[str, PersonStats]] = field(
        default_factory=lambda: (0, {}), compare=False, repr=False)

    # -- derived views -------------------------------------------------------------
    @property
    def phase_index(self) -> int:
        return self.phase_runs[-1].index if self.phase_runs else 0

    @property
    def phase(self) -> Phase:
        return self.phases[self.phase_index] if self.phases else DEFAULT_PHASE

    @property
    def in_round(self) -> bool:
        return self.round_left is not None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def people(self) -> list[str]:
        """Everyone known to this meeting, in seat order, guests after the roster."""
        keys = {name_key(n) for n in self.roster}
        return self.roster + [g for g in self.guests if name_key(g) not in keys]

    def present(self) -> list[str]:
        """The people in the room, in seat order: who a round goes around and who the
        "not shared yet" hint lists. Everyone known until attendance is taken."""
        return _present(self)

    def find_person(self, name: str) -> str | None:
        key = name_key(name)
        for person in self.people():
            if name_key(person) == key:
                return person
        return None

    def waiting(self, name: str) -> Entry | None:
        key = name_key(name)
        for entry in self.queue:
            if name_key(entry.name) == key:
                return entry
        return None

    def entry(self, entry_id: int) -> Entry | None:
        for entry in self.queue:
            if entry.id == entry_id:
                return entry
        return None

    def all_turns(self) -> list[Turn]:
        return self.turns + ([self.current] if self.current else [])

    def stats(self, now: float) -> dict[str, PersonStats]:
        """Per person: turns taken (passes apart) and talk time, in seat order."""
        table = {name_key(p): PersonStats(p) for p in self.present()}
        for key, done in self._finished_totals().items():
            row = table.setdefault(key, PersonStats(done.name))
            row.turns, row.passes, row.seconds = done.turns, done.passes, done.seconds
            row.rounds = done.rounds
        if self.current is not None:
            _count(table, self.current, now)
        return {row.name: row for row in table.values()}

    def _finished_totals(self) -> dict[str, PersonStats]:
        counted, totals = self._finished
        if counted > len(self.turns):  # turns only grow; if not, count afresh
            counted, totals = 0, {}
        for turn in self.turns[counted:]:
            _count(totals, turn, 0.0)  # a finished turn's length does not depend on now
        self._finished = (len(self.turns), totals)
        return totals

    def has_spoken(self, name: str) -> bool:
        key = name_key(name)
        return any(name_key(t.name) == key and t.kind in (SHARE, DIRECT)
                   for t in self.all_turns())

    def not_yet_spoken(self) -> list[str]:
        return [p for p in self.present() if not self.has_spoken(p)]

    def meeting_seconds(self, now: float) -> float:
        if not self.begun:
            return 0.0
        end = self.ended_at if self.ended_at is not None else now
        return max(0.0, end - self.started_at)

    def planned_seconds(self) -> int:
        """The whole agenda's planned length."""
        return sum(p.planned_seconds for p in self.phases)

    def phase_seconds(self, now: float) -> float:
        return self.phase_runs[-1].watch.elapsed(now) if self.phase_runs else 0.0

    def phase_actual_seconds(self, now: float) -> list[float]:
        """Actual seconds per planned phase (0 for phases never reached)."""
        actual = [0.0] * len(self.phases)
        for run in self.phase_runs:
            actual[run.index] += run.watch.elapsed(now)
        return actual

    def share_limit(self, kind: str) -> int | None:
        phase = self.phase
        if kind == PASS:
            return None
        if phase.share_seconds is not None:
            return phase.share_seconds or None  # 0: no limit in this phase
        return self.share_seconds or None
