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
        return {
            NORMAL: "",
            WRAP_UP: "one minute left" if self.wrap_up_seconds == 60 else "time to wrap up",
            OVER: "over time",
            UNTIMED: "",
        }[self.status]

    @property
    def fraction(self) -> float:
        if not self.limit:
            return 0.0
        return max(0.0, min(1.0, self.elapsed / self.limit))


def read_share(turn: Turn, now: float, wrap_up_seconds: int) -> ShareReading:
    elapsed = turn.seconds(now)
    limit = turn.limit_seconds
    if limit is None:
        status, remaining = UNTIMED, None
    else:
        remaining = limit - elapsed
        if remaining < 0:
            status = OVER
        elif remaining <= wrap_up_seconds:
            status = WRAP_UP
        else:
            status = NORMAL
    return ShareReading(status, elapsed, limit, remaining, turn.watch.paused, wrap_up_seconds)
