"""How a share timer reads at a glance: pure functions of a turn and ``now``."""

from __future__ import annotations

from dataclasses import dataclass

from roomtui.meeting.state import Turn

NORMAL = "normal"
WRAP_UP = "wrap-up"
OVER = "over"
UNTIMED = "untimed"


def clock(seconds: float) -> str:
    """m:ss under an hour, h:mm:ss above; whole seconds, rounded down."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes(seconds: float) -> str:
    """A calm clock for the top line, whole minutes rounded down: "0 min", "1 h 05 min"."""
    total = max(0, int(seconds)) // 60
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def minutes_up(seconds: float) -> int:
    """Whole minutes, rounded up: a phase with 10 seconds left has "1 min left"."""
    return -(-max(0, int(-(-seconds // 1))) // 60)


@dataclass(frozen=True)
class ShareReading:
    """A share timer as the facilitator sees it."""

    status: str
    elapsed: float
    limit: int | None
    remaining: float | None
    paused: bool
    wrap_up_seconds: int = 60

    @property
    def display(self) -> str:
        """The big figure: time left, or +m:ss once over."""
        if self.status == UNTIMED or self.remaining is None:
            return clock(self.elapsed)
        if self.remaining < 0:
            return "+" + clock(-self.remaining)
        # Count up to the next whole second so the display never shows 0:00 with time left.
        return clock(-(-self.remaining // 1))

    @property
    def word(self) -> str:
        """The cue in words, so colour is never the only signal."""
        if self.paused:
            return "paused"
        if self.status == WRAP_UP and self.remaining is not None:
            return left_words(self.remaining)
        return {OVER: "over time"}.get(self.status, "")

    @property
    def fraction(self) -> float:
        if not self.limit:
            return 0.0
        return max(0.0, min(1.0, self.elapsed / self.limit))


def left_words(remaining: float) -> str:
    """The wrap-up cue in words, following the time actually left (the big clock's): the
    step a facilitator would signal that the time left is within, like a sand timer:
    "2 minutes left", "one minute left" (up to 1:00), "30 seconds left" (up to 0:30),
    then "time to wrap up" for the last quarter minute."""
    if remaining > 60:
        return f"{-(-int(-(-remaining // 1)) // 60)} minutes left"
    if remaining > 30:
        return "one minute left"
    if remaining > 15:
        return "30 seconds left"
    return "time to wrap up"


def wrap_point(limit: int, wrap_up_seconds: int) -> int:
    """The wrap-up cue's seconds before the end, at most half the share: a one-minute
    round turn with a one-minute cue would otherwise start already 'wrapping up'."""
    return max(0, min(wrap_up_seconds, limit // 2))


def read_share(turn: Turn, now: float, wrap_up_seconds: int) -> ShareReading:
    elapsed = turn.seconds(now)
    limit = turn.limit_seconds
    if limit is None:
        status, remaining = UNTIMED, None
    else:
        wrap_up_seconds = wrap_point(limit, wrap_up_seconds)
        remaining = limit - elapsed
        if remaining < 0:
            status = OVER
        elif wrap_up_seconds and remaining <= wrap_up_seconds:
            status = WRAP_UP
        else:
            status = NORMAL
    return ShareReading(status, elapsed, limit, remaining, turn.watch.paused, wrap_up_seconds)


class CueBell:
    """Decides when the soft bell rings: once at a share's wrap-up point and once when it
    goes over time, never again for the same turn (not even when ``+`` / ``-`` move the
    share back and forth across a cue). Cues already passed when it first sees a turn
    (say, after a restart) do not ring: the bell is for the moment a cue is reached.
    """

    def __init__(self) -> None:
        self._turn: tuple[str, str, float] | None = None
        self._rung: set[str] = set()

    def due(self, turn: Turn | None, reading: ShareReading | None) -> bool:
        if turn is None or reading is None:
            return False
        key = (turn.name, turn.kind, turn.started_at)
        status = reading.status
        if key != self._turn:
            self._turn = key
            passed = {WRAP_UP: {WRAP_UP}, OVER: {WRAP_UP, OVER}}
            self._rung = set(passed.get(status, ()))
            return False
        if status not in (WRAP_UP, OVER) or status in self._rung or reading.paused:
            return False
        self._rung.add(status)
        if status == OVER:
            self._rung.add(WRAP_UP)
        return True
