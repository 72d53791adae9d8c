"""The projector view: phase, share timer in big digits, a first name, calm prompts.

It draws only a ``RoomView`` (see ``roomtui.projection``), which never carries notes,
talk-time figures or the queue's private markers.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from roomtui.follow import ENDED, POLL_SECONDS, WAITING
from roomtui.meeting.text import shorten
from roomtui.meeting.timers import OVER, WRAP_UP
from roomtui.projection import RoomView, room_view
from roomtui.ui.widgets.bigclock import BigClock

CUE_MARKS = {"paused": "❚❚ ", "over time": "◆ "}


class RoomScreen(Screen):
    """Large, quiet, and readable from the back of the room."""

    def compose(self) -> ComposeResult:
        with Vertical(id="room-main"):
            yield Static("", id="room-phase", markup=False)
            yield Static("", id="room-speaker", markup=False)
            yield BigClock(id="room-digits")
            yield Static("", id="room-cue", markup=False)
            yield Static("", id="room-reminder", markup=False)
        with Vertical(id="room-prompt"):
            yield Static("", id="room-prompt-title", markup=False)
            yield Static("", id="room-prompt-text", markup=False)
        yield Static("", id="room-status", markup=False)

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(POLL_SECONDS, self.refresh_view)

    def refresh_view(self) -> None:
        snap = self.app.poll()
        view = room_view(snap.state, self.app.clock(), snap.settings)
        if snap.status == WAITING and snap.state is None:
            view = RoomView(prompt_title="Welcome", prompt_text="The meeting will begin soon.")
        elif snap.status == ENDED:
            view = RoomView(prompt_title="The meeting has ended",
                            prompt_text="Thank you for being here.")
        self.show(view)
        # Problems with files matter to the facilitator, not the room: a dim line only.
        status = self.query_one("#room-status", Static)
        status.update(Text(snap.problem, style="dim") if snap.problem else "")

    def show(self, view: RoomView) -> None:
        width = max(20, self.size.width - 4)
        prompting = bool(view.prompt_title)
        self.query_one("#room-main").display = not prompting
        self.query_one("#room-prompt").display = prompting
        if prompting:
            self.query_one("#room-prompt-title", Static).update(
                Text(shorten(view.prompt_title, width), style="bold")
            )
            self.query_one("#room-prompt-text", Static).update(Text(view.prompt_text))
            return
        self.query_one("#room-phase", Static).update(Text(shorten(view.phase, width)))
        speaker = self.query_one("#room-speaker", Static)
        speaker.update(Text(shorten(view.speaker, width), style="bold"))
        speaker.display = bool(view.speaker)
        digits = self.query_one(BigClock)
        reading = view.reading
        shown = reading.display if reading is not None else ""
        digits.value = shown
        digits.display = bool(shown)
        cue = ""
        if reading is not None and reading.word:
            cue = CUE_MARKS.get(reading.word, "◔ ") + reading.word
        status = reading.status if reading is not None else ""
        self.set_class(status == WRAP_UP, "-wrap-up")
        self.set_class(status == OVER, "-over")
        self.query_one("#room-cue", Static).update(Text(cue))
        reminder = self.query_one("#room-reminder", Static)
        reminder.update(Text(view.reminder))
        reminder.display = bool(view.reminder)
