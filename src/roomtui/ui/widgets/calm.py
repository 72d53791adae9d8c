"""Small calm widgets: the reminder card and the quiet-mode figures (pacer, silent timer).

Everything here renders ``rich.text.Text`` built from plain strings, so agreement and
prompt texts are shown literally (markup is never interpreted).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from roomtui.meeting.care import (
    BREATH_PATTERNS,
    GROUNDING_STEPS,
    REMINDER_LEAD,
    Quiet,
    breath_at,
)
from roomtui.meeting.timers import clock

BAR_WIDTH = 40


class ReminderCard(Static):
    """A gentle card with one agreement, shown on the live screen while a reminder is on."""

    text: reactive[str | None] = reactive(None, layout=True)
    """The agreement to show, or None to hide the card."""

    def watch_text(self, text: str | None) -> None:
        self.display = text is not None

    def render(self) -> Text:
        out = Text(overflow="fold")
        out.append("❝ ", style="dim")
        out.append(f"{REMINDER_LEAD}: ", style="italic")
        out.append(self.text or "")
        return out


def _bar(fill: float, width: int) -> Text:
    """A bar that grows from the middle out over a faint track: calm, never blinking."""
    cells = max(0, min(width, round(fill * width)))
    if (width - cells) % 2:
        cells += 1 if cells < width else -1
    side = (width - cells) // 2
    bar = Text(no_wrap=True)
    bar.append("╌" * side, style="dim")
    bar.append("━" * cells, style="bold")
    bar.append("╌" * side, style="dim")
    return bar


def quiet_figure(quiet: Quiet, now: float, width: int = BAR_WIDTH) -> Text:
    """What moves (slowly) under the prompt: the pacer, the silent timer, or the steps."""
    elapsed = max(0.0, now - quiet.started_at)
    out = Text(justify="center")
    if quiet.kind in BREATH_PATTERNS:
        step = breath_at(quiet.kind, elapsed)
        out.append(f"{step.word}…  {step.count}\n\n", style="bold")
        out.append_text(_bar(step.fill, width))
    elif quiet.kind == "grounding-54321":
        widest = max(len(step) for step in GROUNDING_STEPS)  # a block, not a ragged edge
        out.append("\n".join(step.ljust(widest) for step in GROUNDING_STEPS), style="bold")
    elif quiet.kind == "moment-of-silence" and quiet.seconds is not None:
        left = quiet.remaining(now) or 0.0
        if left > 0:
            out.append(f"{clock(-(-left // 1))}\n\n", style="dim")
            out.append_text(_bar(1 - left / quiet.seconds, width))
        else:
            out.append("The silence is over.", style="dim")
    return out


class QuietFigure(Static):
    """Re-renders the quiet figure from the clock; never counts ticks."""

    now: reactive[float] = reactive(0.0)
    """The current time; the screen sets it a few times a second."""

    def __init__(self, quiet: Quiet, **kwargs) -> None:
        super().__init__(**kwargs)
        self.quiet = quiet

    def render(self) -> Text:
        return quiet_figure(self.quiet, self.now, min(BAR_WIDTH, max(10, self.size.width - 2)))
