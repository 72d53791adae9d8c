"""The co-facilitator's view: the queue, the speaker and timers, live, read-only.

Beside the queue: who has not spoken yet (names only), the agenda ahead and what the
room is being shown (see ``roomtui.views.cofacilitator``). It looks at the files four times a
second, redraws a widget only when what it shows changed, and so idles almost as
lightly as a bare app.

In the co-facilitator's own terminal it can raise a hand (``h``, answered on screen,
``w`` withdraws) and nudge the facilitator (``k``): both go to the facilitator's inbox,
never into the meeting, which keeps its single writer (see ``watch_hands.py``). A
browser view has no such keys.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from roomtui.meeting.state import DIRECT
from roomtui.meeting.text import shorten
from roomtui.ui.keymap import VIEW_KEYS, WATCH_KEYS
from roomtui.ui.screens.changes import OnlyChanges
from roomtui.ui.screens.watch_hands import RaisesHands
from roomtui.ui.typed_app import InViewerApp
from roomtui.ui.widgets.prompt import PromptBar
from roomtui.ui.widgets.sayline import SayLine
from roomtui.ui.widgets.speaker import SpeakerPanel, SpeakerView
from roomtui.ui.widgets.topbar import TopBar, TopView
from roomtui.views.cofacilitator import CoView, co_view, room_now
from roomtui.views.follow import LIVE, POLL_SECONDS, Snapshot


def queue_text(snapshot: Snapshot, width: int) -> Text:
    """The queue in order, with positions and direct responses; no private markers."""
    state = snapshot.state
    text = Text(no_wrap=True, overflow="ellipsis")
    if state is None or snapshot.status != LIVE:
        return text
    if state.round_left:
        text.append(f"{state.round_name or 'Round'}, still to come:\n", style="dim")
        for name in state.round_left:
            text.append(f"  · {shorten(name, width - 6)}\n")
        if state.queue:
            text.append("\n")
    if not state.queue:
        if not state.round_left:
            text.append("Nobody waiting", style="dim")
        return text
    for pos, entry in enumerate(state.queue, start=1):
        text.append(f"{pos:>2}  ", style="dim")
        if entry.kind == DIRECT:
            text.append("↪ ", style="bold")
        text.append(shorten(entry.name, width - 16))
        if entry.kind == DIRECT:
            text.append("  direct", style="italic dim")
        text.append("\n")
    text.rstrip()
    return text


def side_text(view: CoView, width: int) -> Text:
    """Not spoken yet and the agenda ahead (the room's line is drawn on its own)."""
    text = Text(overflow="fold")
    if view.not_spoken:
        text.append("Not spoken yet\n", style="bold dim")
        text.append(", ".join(shorten(n, max(8, width - 2)) for n in view.not_spoken))
        text.append("\n\n")
    if view.ahead:
        text.append("Agenda ahead\n", style="bold dim")
        for name, minutes in view.ahead:
            text.append(f"{shorten(name, max(8, width - 10))}", style="")
            text.append(f"  {minutes} min\n" if minutes else "\n", style="dim")
    text.rstrip()
    return text


class WatchScreen(InViewerApp, OnlyChanges, Screen):
    """Read-only: what a browser view gets after its PIN."""

    BINDINGS = [key.binding() for key in VIEW_KEYS]
    #: Nothing takes focus on its own: the hidden name field must not swallow keys.
    AUTO_FOCUS = ""

    @property
    def app_can_raise(self) -> bool:
        return False

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="follow-status", markup=False)
        yield SpeakerPanel(id="speaker")
        yield Static("", id="watch-room", markup=False)
        with Horizontal(id="watch-body"):
            with Vertical(id="watch-queue-box"):
                yield Static("Queue", classes="heading")
                yield Static("", id="watch-queue", markup=False)
            with Vertical(id="watch-side"):
                yield Static("", id="watch-more", markup=False)
        yield Static("", id="watch-hand", markup=False)
        yield SayLine(id="message")
        yield PromptBar(id="prompt")
        yield Footer()

    _snap: Snapshot | None = None
    _co = CoView()

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        self.refresh_view()
        self.set_interval(POLL_SECONDS, self.refresh_view)

    def on_resize(self) -> None:
        self.forget_shown()
        self._snap = None
        self.call_after_refresh(self.refresh_view)  # once the new widths are known

    def refresh_view(self) -> None:
        snap = self.app.poll()
        now = self.app.clock()
        if snap is not self._snap:  # the files changed (the same object while they have not)
            self._snap = snap
            self.show_meeting(snap, now)
        self.show_clock(snap, now)
        self.follow_hands(snap)

    def show_meeting(self, snap: Snapshot, now: float) -> None:
        """Everything that changes only when the meeting does."""
        state = snap.state
        live = snap.status == LIVE
        self._co = co_view(state, now, snap.settings) if live else CoView()
        hushed = self._co.hushed
        message = snap.message
        if hushed:
            message = f"{self._co.hush} {message}"
        message = message.strip()
        self.put("#follow-status", Text(message, style="italic"), bool(message))
        # Waiting: only the sentence saying so; no empty timers or agenda to misread.
        # Quiet mode and care pause hide names here too (a browser view may be a phone).
        self.put("#topbar", None, state is not None)
        self.put("#speaker", None, state is not None and not hushed)
        self.put("#watch-queue-box", None, state is not None and not hushed)
        self.put("#watch-side", None, state is not None and live)
        self.put("#watch-room", None, state is not None and live)
        self.put("#message", None, not hushed)
        if self.has_class("-hushed") != hushed:
            self.set_class(hushed, "-hushed")
        if state is None:
            return
        width = self.query_one("#watch-queue", Static).size.width or 60
        self.put("#watch-queue", queue_text(snap, width))
        side = self.query_one("#watch-side").size.width or 30
        more = side_text(replace(self._co, not_spoken=()) if hushed else self._co, side)
        self.put("#watch-more", more, bool(more))

    def show_clock(self, snap: Snapshot, now: float) -> None:
        """What moves with time: the share timer, minutes left, a silent timer. Each
        widget repaints only when its text differs (about once a second)."""
        state = snap.state
        if state is None:
            return
        top = TopView.of(state, now)
        # once the meeting has ended, no phase time is left to count
        self.query_one(TopBar).view = top if state.is_open else replace(top, phase_left=None)
        if not self._co.hushed:
            self.query_one(SpeakerPanel).view = SpeakerView.of(state, now, watching=True)
        if snap.status == LIVE:
            room = Text(no_wrap=True, overflow="ellipsis")
            room.append("The room sees: ", style="dim")
            room.append(room_now(state, now, snap.settings))
            self.put("#watch-room", room)

    def follow_hands(self, snap: Snapshot) -> None:
        """The co-facilitator's screen keeps its raised hands' answers (watch_hands.py)."""

    def say(self, text: str) -> None:
        self.query_one("#message", SayLine).say(text)


class CoFacilitatorScreen(RaisesHands, WatchScreen):
    """The watch view in the co-facilitator's own terminal: it can raise hands and nudge."""

    BINDINGS = [key.binding() for key in WATCH_KEYS]

    @property
    def app_can_raise(self) -> bool:
        return bool(getattr(self.app, "can_raise_hands", False))
