"""The line across the top: group, agenda phase with its time, and the meeting clock."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from roomtui.meeting.phases import read_phase
from roomtui.meeting.state import MeetingState
from roomtui.meeting.timers import minutes, minutes_up


@dataclass(frozen=True)
class TopView:
    """Whole minutes only: the line changes once a minute, so an idle meeting does not
    redraw it every second (the seconds that matter are the share timer's)."""

    group: str = ""
    phase: str = ""
    phase_number: int = 1
    phase_count: int = 1
    phase_left: float | None = None
    meeting_seconds: float = 0.0
    wall: str = ""
    ended: bool = False

    @classmethod
    def of(cls, state: MeetingState, now: float) -> TopView:
        """The top line for a meeting at ``now`` (the live screen and the views alike)."""
        phase = read_phase(state, now)
        return cls(
            group=state.group,
            phase=phase.name,
            phase_number=phase.number,
            phase_count=phase.count,
            phase_left=phase.left if phase.planned else None,
            meeting_seconds=state.meeting_seconds(now),
            wall=time.strftime("%H:%M", time.localtime(now)),
            ended=not state.is_open,
        )

    def __post_init__(self) -> None:
        # Keep only what is shown, so a view made a second later compares equal.
        object.__setattr__(self, "meeting_seconds", 60 * (max(0, int(self.meeting_seconds)) // 60))
        if self.phase_left is not None:
            left = self.phase_left
            ahead = minutes_up(left) if left >= 0 else -minutes_up(-left)
            object.__setattr__(self, "phase_left", 60 * ahead if left else 0)


class TopBar(Static):
    """Where the meeting is, readable at a glance."""

    view: reactive[TopView] = reactive(TopView, layout=False)
    """What to show; set by the screen every tick."""

    def render(self) -> Text:
        v = self.view
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(v.group, style="bold")
        text.append("  ·  ")
        text.append(f"{v.phase_number}/{v.phase_count} ", style="dim")
        text.append(v.phase)
        if v.phase_left is not None:
            if v.phase_left >= 0:
                text.append(f"  {v.phase_left // 60} min left", style="dim")
            else:
                text.append(f"  ◔ {-v.phase_left // 60} min over plan", style="italic")
        text.append("  ·  ")
        text.append("ended " if v.ended else "meeting ", style="dim")
        text.append(minutes(v.meeting_seconds))
        if v.wall:
            text.append(f"  ·  {v.wall}", style="dim")
        return text
