"""The projector view: phase, share timer in big digits, a first name, calm prompts.

It draws only a ``RoomView`` (see ``roomtui.views.room_view``), which never carries notes,
talk-time figures or the queue's private markers. It looks at the files four times a
second but redraws a widget only when what it shows has changed: the digits once a
second, the breathing pacer as it moves, the rest when the meeting changes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from roomtui.meeting.care import Quiet
from roomtui.meeting.text import shorten
from roomtui.meeting.timers import OVER, WRAP_UP
from roomtui.ui.screens.changes import OnlyChanges
from roomtui.ui.typed_app import InViewerApp
from roomtui.ui.widgets.bigclock import BigClock
from roomtui.ui.widgets.calm import BAR_WIDTH, quiet_figure
from roomtui.views.follow import ENDED, POLL_SECONDS, WAITING
from roomtui.views.room_view import RoomView, room_view

#: How often the breathing pacer moves (the facilitator's quiet screen uses the same).
PACE_SECONDS = 0.25
CUE_MARKS = {"paused": "❚❚ ", "over time": "◆ "}

WELCOME = RoomView(prompt_title="Welcome", prompt_text="The meeting will begin soon.")
GOODBYE = RoomView(prompt_title="The meeting has ended", prompt_text="Thank you for being here.")


class RoomScreen(InViewerApp, OnlyChanges, Screen):
    """Large, quiet, and readable from the back of the room."""

    def compose(self) -> ComposeResult:
        with Vertical(id="room-main"):
            yield Static("", id="room-phase", markup=False)
            yield Static("", id="room-speaker", markup=False)
            yield BigClock(id="room-digits")
            yield Static("", id="room-cue", markup=False)
            with Center(classes="room-card"):
                yield Static("", id="room-reminder", markup=False)
            with Center(classes="room-card"):
                yield Static("", id="room-celebration", markup=False)
        with Vertical(id="room-prompt"):
            yield Static("", id="room-prompt-title", markup=False)
            yield Static("", id="room-prompt-text", markup=False)
            yield Static("", id="room-pacer", markup=False)
        yield Static("", id="room-status", markup=False)

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(POLL_SECONDS, self.refresh_view)

    def on_resize(self) -> None:
        self.forget_shown()  # widths changed: draw everything again
        self.refresh_view()

    def refresh_view(self) -> None:
        snap = self.app.poll()
        view = room_view(snap.state, self.app.clock(), snap.settings)
        if snap.status == WAITING and snap.state is None:
            view = WELCOME
        elif snap.status == ENDED:
            view = GOODBYE
        self.show(view)
        # Problems with files matter to the facilitator, not the room: a dim line only.
        self.put("#room-status", Text(snap.problem, style="dim"))

    _pacer: Quiet | None = None
    _pacing: Timer | None = None

    def pace(self, pacer: Quiet | None) -> None:
        """The breathing bar (or silent timer) moves four times a second, as on the
        facilitator's quiet screen, from the same start time: the two stay in step."""
        self._pacer = pacer
        if pacer is not None and self._pacing is None:
            self._pacing = self.set_interval(PACE_SECONDS, self.draw_pacer)
        elif pacer is None and self._pacing is not None:
            self._pacing.stop()
            self._pacing = None
        self.draw_pacer()

    def draw_pacer(self) -> None:
        pacer = self._pacer
        figure = ""
        if pacer is not None:
            room = self.query_one("#room-prompt").content_size.width
            width = min(2 * BAR_WIDTH, max(10, (room or self.size.width - 12) - 2))
            figure = quiet_figure(pacer, self.app.clock(), width)
        self.put("#room-pacer", figure, bool(figure))

    def show(self, view: RoomView) -> None:
        width = max(20, self.size.width - 4)
        prompting = bool(view.prompt_title)
        self.put("#room-main", None, not prompting)
        self.put("#room-prompt", None, prompting)
        if prompting:
            self.put("#room-prompt-title",
                     Text(shorten(view.prompt_title, width), style="bold", justify="center"))
            self.put("#room-prompt-text", Text(view.prompt_text, justify="center"))
            self.pace(view.pacer)
            return
        self.pace(None)
        self.put("#room-phase", shorten(view.phase, width))
        self.put("#room-speaker", Text(shorten(view.speaker, width), style="bold"),
                 bool(view.speaker))
        reading = view.reading
        shown = reading.display if reading is not None else ""
        self.put("#room-digits", shown, bool(shown))
        cue = ""
        if reading is not None and reading.word:
            cue = CUE_MARKS.get(reading.word, "◔ ") + reading.word
        status = reading.status if reading is not None else ""
        if self.has_class("-wrap-up") != (status == WRAP_UP):
            self.set_class(status == WRAP_UP, "-wrap-up")
        if self.has_class("-over") != (status == OVER):
            self.set_class(status == OVER, "-over")
        self.put("#room-cue", cue)
        self.put("#room-reminder", view.reminder, bool(view.reminder))
        card = Text(f"✦  {view.celebration}  ✦", justify="center") if view.celebration else ""
        self.put("#room-celebration", card, bool(view.celebration))
