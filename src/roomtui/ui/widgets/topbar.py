"""The line across the top: group, agenda phase with its time, and the meeting clock."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from roomtui.meeting.phases import read_phase
from roomtui.meeting.state import MeetingState
from roomtui.meeting.timers import minutes, minutes_up
from roomtui.ui.cells import fit_cells

#: The least of the phase name kept before the group name gives way too.
PHASE_MIN_CELLS = 12


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
    #: Set-up time: the meeting has not begun, so no clock runs ("Not started · b begins").
    not_started: bool = False
    #: The key that begins it, said only where it can be pressed (the facilitator's app).
    begin_hint: str = ""

    @classmethod
    def of(cls, state: MeetingState, now: float, begin_hint: str = "") -> TopView:
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
            not_started=state.is_open and not state.begun,
            begin_hint=begin_hint,
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
        return top_line(self.view, self.content_size.width or 78)


def top_line(v: TopView, width: int) -> Text:
    """The line fitted to ``width`` cells: the times always show; the phase name, then
    the group name, are shortened (with an ellipsis, by cells) to make room."""
    tail = Text()
    if v.not_started:
        tail.append("  ·  ")
        tail.append("Not started" + (f" · {v.begin_hint}" if v.begin_hint else ""),
                    style="bold")
    else:
        if v.phase_left is not None:
            if v.phase_left >= 0:
                tail.append(f"  {v.phase_left // 60} min left", style="dim")
            else:
                tail.append(f"  ◔ {-v.phase_left // 60} min over plan", style="italic")
        tail.append("  ·  ")
        tail.append("ended " if v.ended else "meeting ", style="dim")
        tail.append(minutes(v.meeting_seconds))
    if v.wall:
        tail.append(f"  ·  {v.wall}", style="dim")
    number = f"{v.phase_number}/{v.phase_count} "
    room = width - tail.cell_len - len(number) - len("  ·  ")
    group = v.group
    phase = v.phase if not v.not_started else ""
    phase_room = room - cell_len(group)
    if phase and phase_room < min(PHASE_MIN_CELLS, len(phase)):
        group = fit_cells(group, max(4, room - min(PHASE_MIN_CELLS, len(phase))))
        phase_room = room - cell_len(group)
    elif not phase:
        group = fit_cells(group, max(4, room))
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(group, style="bold")
    if not v.not_started:
        text.append("  ·  ")
        text.append(number, style="dim")
        text.append(fit_cells(phase, max(1, phase_room)))
    text.append_text(tail)
    return text
