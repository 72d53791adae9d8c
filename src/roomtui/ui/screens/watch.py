"""The co-facilitator's view: the queue, the speaker and timers, live, read-only.

It can note a raised hand (``h``): that goes to the facilitator's inbox, never into the
meeting, which keeps its single writer. A browser view has no such key.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from roomtui import inbox
from roomtui.follow import LIVE, POLL_SECONDS, Snapshot
from roomtui.meeting import names as matcher
from roomtui.meeting.state import DIRECT
from roomtui.meeting.text import TextRefused, shorten
from roomtui.projection import describe
from roomtui.ui.keymap import VIEW_KEYS, WATCH_KEYS
from roomtui.ui.widgets.prompt import PromptBar
from roomtui.ui.widgets.speaker import SpeakerPanel, SpeakerView
from roomtui.ui.widgets.topbar import TopBar, TopView
from roomtui.ui.widgets.sayline import SayLine


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


class WatchScreen(Screen):
    """Read-only: what a browser view gets after its PIN. Redraws on every poll."""

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
        with Vertical(id="watch-queue-box"):
            yield Static("Queue", classes="heading")
            yield Static("", id="watch-queue", markup=False)
        yield SayLine(id="message")
        yield PromptBar(id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        self.refresh_view()
        self.set_interval(POLL_SECONDS, self.refresh_view)

    def refresh_view(self) -> None:
        snap = self.app.poll()
        now = self.app.clock()
        state = snap.state
        status = self.query_one("#follow-status", Static)
        message = snap.message
        care = getattr(state, "care_pause", None) if state is not None else None
        quiet = getattr(state, "quiet", None) if state is not None else None
        if snap.status == LIVE and care:
            message = "Care pause: every timer is stopped; names are hidden. " + message
        elif snap.status == LIVE and quiet:
            words = describe(quiet, "title", "name", "kind")
            message = f"Quiet mode{': ' + words if words else ''}. Names are hidden. " + message
        status.update(Text(message.strip(), style="italic"))
        status.display = bool(message.strip())
        # Waiting: only the sentence saying so; no empty timers or agenda to misread.
        # Quiet mode and care pause hide names here too (a browser view may be a phone).
        hushed = snap.status == LIVE and bool(care or quiet)
        self.query_one(TopBar).display = state is not None
        self.query_one(SpeakerPanel).display = state is not None and not hushed
        self.query_one("#watch-queue-box").display = state is not None and not hushed
        if state is None:
            self.query_one("#watch-queue", Static).update("")
            return
        top = TopView.of(state, now)
        # once the meeting has ended, no phase time is left to count
        self.query_one(TopBar).view = top if state.is_open else replace(top, phase_left=None)
        self.query_one(SpeakerPanel).view = SpeakerView.of(state, now, watching=True)
        width = self.query_one("#watch-queue", Static).size.width or 60
        self.query_one("#watch-queue", Static).update(queue_text(snap, width))

    def say(self, text: str) -> None:
        self.query_one("#message", SayLine).say(text)



class CoFacilitatorScreen(WatchScreen):
    """The watch view in the co-facilitator's own terminal: it can note a raised hand."""

    BINDINGS = [key.binding() for key in WATCH_KEYS]

    @property
    def app_can_raise(self) -> bool:
        return bool(getattr(self.app, "can_raise_hands", False))

    def action_raise_hand(self) -> None:
        if not self.app_can_raise:
            return
        if not self.app.snapshot.group_id:
            self.say("No group to send it to yet: wait until the meeting begins.")
            return
        state = self.app.snapshot.state
        seats = state.people() if state is not None else []
        here = set(state.present()) if state is not None else set()
        self.query_one(PromptBar).ask(
            "hand", "Raised hand, name:", seats,
            people=[(i + 1, n) for i, n in enumerate(seats) if n in here])

    @on(PromptBar.Answered)
    def _answered(self, message: PromptBar.Answered) -> None:
        if message.purpose != "hand" or not self.app_can_raise:
            return
        try:
            state = self.app.snapshot.state
            known = state.people() if state is not None else []
            # "Pri" is Priya when only she fits; a seat number picks who sits there.
            name = (matcher.seat_pick(message.text, known)
                    or matcher.resolve(message.text, known) or message.text)
            hand = inbox.raise_hand(self.app.root, self.app.snapshot.group_id, name)
        except TextRefused as err:
            self.say(str(err))
            return
        except OSError as err:
            self.say(f"Could not send it ({err.strerror or err}).")
            return
        self.say(f"Sent to the facilitator: {hand.name}'s raised hand.")

