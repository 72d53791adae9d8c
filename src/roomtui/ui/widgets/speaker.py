"""Who is speaking now and how their share time stands: the biggest thing on screen."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Digits, Static

from roomtui.meeting.phases import break_left, round_complete
from roomtui.meeting.state import MeetingState
from roomtui.meeting.text import shorten
from roomtui.meeting.timers import OVER, WRAP_UP, ShareReading, clock, read_share

KIND_WORDS = {"share": "sharing", "direct": "direct response", "round": "round", "pass": "pass"}


@dataclass(frozen=True)
class SpeakerView:
    name: str | None = None
    kind: str = "share"
    reading: ShareReading | None = None
    next_name: str | None = None
    round_label: str = ""
    round_left: int = 0
    offer: str = ""
    #: A follower's view (watch, browser): no facilitator key hints.
    watching: bool = False
    #: Seconds left of a break with nobody speaking (the big clock counts it down).
    break_left: float | None = None

    @classmethod
    def of(cls, state: MeetingState, now: float, offer: str = "",
           watching: bool = False) -> SpeakerView:
        """Who speaks, their timer at ``now``, and who is next: the round first."""
        current = state.current
        if state.round_left:
            next_name = state.round_left[0]
        else:
            next_name = state.queue[0].name if state.queue else None
        return cls(
            name=current.name if current else None,
            kind=current.kind if current else "share",
            reading=read_share(current, now, state.wrap_up_seconds) if current else None,
            next_name=next_name,
            round_label=state.round_name if state.in_round else "",
            round_left=len(state.round_left or []),
            offer=offer or round_complete(state),
            watching=watching,
            break_left=_whole(break_left(state, now)),
        )


def _whole(seconds: float | None) -> float | None:
    """Whole seconds, counted up (a break with 0.4 s left shows 0:01), so the view
    changes once a second, not on every tick."""
    return None if seconds is None else float(-(-seconds // 1))


def _break_clock(seconds: float) -> str:
    return clock(seconds) if seconds >= 0 else "+" + clock(-seconds)


class SpeakerPanel(Horizontal):
    """The current speaker, their timer in large digits, and the cue in words.

    Colour is never the only sign: the wrap-up and overtime cues are also written out
    and marked with a symbol, and the border changes shape as well as colour.
    """

    view: reactive[SpeakerView] = reactive(SpeakerView, layout=False, repaint=False, init=False)
    """What to show; set by the screen every tick."""

    _paused = False

    def compose(self) -> ComposeResult:
        yield SpeakerInfo(id="speaker-info")
        yield Digits("", id="speaker-digits")

    def watch_view(self, view: SpeakerView) -> None:
        reading = view.reading
        status = reading.status if reading else ""
        self.set_class(status == WRAP_UP, "-wrap-up")
        self.set_class(status == OVER, "-over")
        paused = bool(reading and reading.paused)
        if paused != self._paused:
            # An inline border, not a class: a class change restyles the panel and its
            # children through the stylesheet, the slowest part of answering space.
            self._paused = paused
            colour = self.app.theme_variables.get("secondary", "grey")
            self.styles.border = ("dashed", colour) if paused else None
        self.query_one(SpeakerInfo).view = view
        digits = self.query_one(Digits)
        shown = reading.display if reading and view.name else ""
        if view.name is None and view.break_left is not None:
            shown = _break_clock(view.break_left)
        if digits.value != shown:
            digits.update(shown)
        if digits.display != bool(shown):  # setting it at all re-lays the panel out
            digits.display = bool(shown)


class SpeakerInfo(Static):
    """Name, kind of turn, the cue in words and who is next."""

    view: reactive[SpeakerView] = reactive(SpeakerView, layout=False, repaint=False)
    """What to show; set by the panel every tick. Repainted only when the lines differ."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: list[Text] = []
        self._width = -1

    def watch_view(self) -> None:
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        width = self.size.width
        lines = self.lines(width)
        if lines != self._lines or width != self._width:
            self._lines, self._width = lines, width
            self.refresh()

    def render(self) -> Group:
        if self._width != self.size.width:
            self._lines, self._width = self.lines(self.size.width), self.size.width
        return Group(*self._lines)

    def lines(self, width: int) -> list[Text]:
        v = self.view
        width = max(10, width - 4)
        head = Text(no_wrap=True, overflow="ellipsis")
        if v.name is None and v.break_left is not None:
            head.append("Break", style="bold")
            head.append("  time left" if v.break_left >= 0 else "  ◆ over time", style="dim")
            lines = [head]
            if v.next_name:
                lines.append(Text(f"Next: {shorten(v.next_name, width - 6)}", style="dim"))
            return lines
        if v.name is None:
            head.append("Nobody is speaking", style="dim")
            lines = [head]
            if v.next_name:
                hint = "" if v.watching else "  (press n)"
                lines.append(Text(f"Next: {shorten(v.next_name, width - 6)}{hint}"))
            elif v.round_label:
                lines.append(Text(f"{v.round_label} finished", style="dim"))
            elif v.offer and not v.watching:
                lines.append(Text(v.offer))
            elif not v.watching:
                lines.append(Text("Press a to add someone to the queue", style="dim"))
            return lines
        head.append(shorten(v.name, width // 2), style="bold")
        head.append(f"  {KIND_WORDS.get(v.kind, v.kind)}", style="dim")
        if v.round_label:
            left = f"{v.round_left} to go" if v.round_left else "last in the round"
            head.append(f"  ·  {v.round_label}, {left}", style="dim")
        r = v.reading
        # The seconds are in the big digits alone: this line changes only at a cue, so
        # an idle meeting redraws one small widget a second.
        timer = Text(no_wrap=True)
        if r is not None:
            timer.append(f"{clock(r.limit)} limit" if r.limit is not None else "no time limit",
                         style="dim")
            if r.word:
                mark = {"paused": "❚❚ ", "over time": "◆ "}.get(r.word, "◔ ")
                timer.append(f"   {mark}{r.word}", style="bold")
        lines = [head, timer]
        if r is not None and r.limit:
            bar_width = max(4, min(40, width - 2))
            filled = int(round(r.fraction * bar_width))
            lines.append(Text("━" * filled + "╌" * (bar_width - filled), style="dim"))
        nxt = Text(no_wrap=True, overflow="ellipsis")
        if v.next_name:
            nxt.append("next: ", style="dim")
            nxt.append(shorten(v.next_name, width - 8))
        lines.append(nxt)
        return lines
