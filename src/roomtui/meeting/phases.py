"""Where the meeting stands in its agenda: pure readings of the state at a given ``now``.

The phase timer, the "over plan" note and the closing hint are all computed here from
stored start times, so they read the same live, after a restart and in tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from roomtui.meeting.state import MeetingState

#: The final stretch of the planned meeting in which the facilitator is shown, privately,
#: who has not shared yet (as well as during the last phase).
CLOSING_SECONDS = 10 * 60


@dataclass(frozen=True)
class PhaseReading:
    """The current agenda phase as the facilitator sees it."""

    name: str
    number: int
    count: int
    planned: int
    elapsed: float
    round: bool
    crosstalk: bool

    @property
    def left(self) -> float:
        """Seconds left in the plan; negative once the phase runs over."""
        return self.planned - self.elapsed

    @property
    def over(self) -> bool:
        return self.planned > 0 and self.elapsed > self.planned

    @property
    def is_last(self) -> bool:
        return self.number >= self.count


def read_phase(state: MeetingState, now: float) -> PhaseReading:
    phase = state.phase
    return PhaseReading(
        name=phase.name,
        number=state.phase_index + 1,
        count=len(state.phases),
        planned=phase.planned_seconds,
        elapsed=state.phase_seconds(now),
        round=phase.round,
        crosstalk=phase.crosstalk,
    )


def meeting_left(state: MeetingState, now: float) -> float:
    """Seconds left of the whole planned meeting (negative once past it)."""
    return state.planned_seconds() - state.meeting_seconds(now)


def near_close(state: MeetingState, now: float, final_seconds: int = CLOSING_SECONDS) -> bool:
    """The last phase, or the final minutes of the planned meeting (``final_seconds``,
    or the last sixth of a short agenda)."""
    if not state.is_open:
        return False
    if len(state.phases) > 1 and state.phase_index + 1 >= len(state.phases):
        return True
    # A short agenda gets a shorter final stretch: at most its last sixth.
    final = min(final_seconds, state.planned_seconds() // 6)
    return meeting_left(state, now) <= final


def not_shared_yet(state: MeetingState) -> list[str]:
    """People present, in seat order, with no share yet (a pass is not a share; whoever
    is speaking now counts as having shared)."""
    return state.not_yet_spoken()


def round_offer(state: MeetingState) -> str:
    """What to say on arriving in a round phase, or "" when there is nothing to offer."""
    if not state.phase.round or state.in_round or not state.is_open:
        return ""
    if state.phase_index in state.round_phases:
        return ""  # this phase's round has gone round already
    count = len(state.present())
    if not count:
        return f"{state.phase.name}: add people with a, then r to go around."
    return f"{state.phase.name}: press r to go around the {count} present, in seat order."


def round_complete(state: MeetingState) -> str:
    """After the last turn of this phase's round, what to say (and the key that goes on),
    or "" when a round is not what just finished."""
    if not state.is_open or state.in_round or state.current is not None or state.queue:
        return ""
    if state.phase_index not in state.round_phases:
        return ""
    if state.phase_index + 1 < len(state.phases):
        return f"Round complete — p for {state.phases[state.phase_index + 1].name}"
    return "Round complete — e ends the meeting"


def is_break(name: str) -> bool:
    """A break in the agenda, by its name ("Break", "Tea break", "Pause / break")."""
    return any(word.startswith("break") for word in name.casefold().replace("/", " ").split())


def break_left(state: MeetingState, now: float) -> float | None:
    """Seconds left of a break with nobody speaking (negative once over), else None:
    during a break the big clock counts the break down."""
    phase = state.phase
    if (state.current is not None or not state.is_open or not state.begun
            or not phase.planned_seconds or not is_break(phase.name)):
        return None
    return phase.planned_seconds - state.phase_seconds(now)
