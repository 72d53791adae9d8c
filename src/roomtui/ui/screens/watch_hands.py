"""The co-facilitator's raised hands and nudges (a mixin of ``CoFacilitatorScreen``).

``h`` raises a hand for the meeting on screen (tied to its id); the line under the
queue then says whether the facilitator accepted it, declined it (and why) or it still
waits, and ``w`` withdraws it while it waits. A hand still waiting when the meeting ends
is dropped, saying so. While quiet mode or a care pause hides names, the line is hidden
too. ``k`` sends one of a fixed set of nudges, for the facilitator's eyes only.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui.meeting import names as matcher
from roomtui.meeting.text import TextRefused, shorten
from roomtui.ui.screens.base import DismissOnceModal
from roomtui.ui.typed_app import InViewerApp
from roomtui.ui.widgets.prompt import PromptBar
from roomtui.views import inbox
from roomtui.views.follow import LIVE, Snapshot
from roomtui.views.inbox import ACCEPTED, DECLINED, DROPPED, GONE, NUDGES, WAITING, Reply

WITHDRAWN = "withdrawn"
ENDED_WHY = "the meeting it was raised in has ended"


@dataclass
class Sent:
    """A hand this watch raised, and the last answer seen for it."""

    hand: inbox.Hand
    reply: Reply

    @property
    def waiting(self) -> bool:
        return self.reply.answer == WAITING

    def words(self) -> Text:
        name = shorten(self.hand.name, 24)
        answer, why = self.reply.answer, self.reply.why
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{name}: ", style="bold")
        if answer == WAITING:
            text.append("waiting for the facilitator")
        elif answer == ACCEPTED:
            text.append("✓ accepted" + (f", {why}" if why else ""))
        elif answer == DECLINED:
            text.append("✗ declined" + (f": {why}" if why else ""))
        elif answer == DROPPED:
            text.append("dropped" + (f": {why}" if why else ""))
        elif answer == WITHDRAWN:
            text.append("withdrawn", style="dim")
        else:
            text.append("no longer waiting", style="dim")
        return text


class NudgeChooser(DismissOnceModal[str | None]):
    """The fixed nudges; Enter sends the highlighted one, escape sends nothing."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Send nothing", id="nudge.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="nudge-body"):
            yield Static("A private nudge to the facilitator", classes="title", markup=False)
            yield OptionList(*[Option(words, id=kind) for kind, words in NUDGES.items()],
                             id="nudge-list")
            yield Static("Enter sends · escape cancels · only the facilitator sees it",
                         classes="keys", markup=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RaisesHands(InViewerApp):
    """For a Screen with ``say``, ``put``, ``app_can_raise`` and a ``PromptBar``."""

    _sent: list[Sent]

    @property
    def sent(self) -> list[Sent]:
        return self.__dict__.setdefault("_sent", [])

    def _where(self) -> tuple[str, str] | None:
        snap: Snapshot = self.app.snapshot
        if snap.status != LIVE or not snap.group_id or not snap.meeting_id:
            return None
        return snap.group_id, snap.meeting_id

    # -- h: raise a hand ---------------------------------------------------------------
    def action_raise_hand(self) -> None:
        if not self.app_can_raise:  # type: ignore[attr-defined]
            return
        if self._where() is None:
            self.say("No meeting under way to raise a hand in.")  # type: ignore[attr-defined]
            return
        state = self.app.snapshot.state
        seats = state.people() if state is not None else []
        here = set(state.present()) if state is not None else set()
        self.query_one(PromptBar).ask(  # type: ignore[attr-defined]
            "hand", "Raised hand, name:", seats,
            people=[(i + 1, n) for i, n in enumerate(seats) if n in here])

    def on_prompt_bar_answered(self, message: PromptBar.Answered) -> None:
        where = self._where()
        if message.purpose != "hand" or not self.app_can_raise:  # type: ignore[attr-defined]
            return
        if where is None:
            self.say("The meeting has ended: the hand was not sent.")  # type: ignore
            return
        state = self.app.snapshot.state
        known = state.people() if state is not None else []
        # "Pri" is Priya when only she fits; a seat number picks who sits there.
        name = (matcher.seat_pick(message.text, known)
                or matcher.resolve(message.text, known) or message.text)
        try:
            hand = inbox.raise_hand(self.app.root, where[0], name,  # type: ignore
                                    meeting=where[1])
        except TextRefused as err:
            self.say(str(err))  # type: ignore[attr-defined]
            return
        except OSError as err:
            self.say(f"Could not send it ({err.strerror or err}).")  # type: ignore
            return
        self.sent.append(Sent(hand, Reply(WAITING)))
        self.say(f"Sent to the facilitator: {hand.name}'s raised hand.")  # type: ignore
        self.show_hands()

    # -- w: withdraw -------------------------------------------------------------------
    def action_withdraw_hand(self) -> None:
        waiting = [s for s in self.sent if s.waiting]
        if not waiting:
            self.say("No raised hand of yours is waiting.")  # type: ignore[attr-defined]
            return
        last = waiting[-1]
        gid = self.app.snapshot.group_id
        root = self.app.root
        inbox.discard(root, gid, last.hand.key)
        reply = inbox.status(root, gid, last.hand.key)  # answered just before? say that
        last.reply = reply if reply.answer in inbox.ANSWERS else Reply(WITHDRAWN)
        inbox.withdraw(root, gid, last.hand.key)
        if last.reply.answer == WITHDRAWN:
            self.say(f"Withdrew {last.hand.name}'s raised hand.")  # type: ignore
        self.show_hands()

    # -- k: nudge ------------------------------------------------------------------------
    def action_nudge(self) -> None:
        if not self.app_can_raise:  # type: ignore[attr-defined]
            return
        if self._where() is None:
            self.say("No meeting under way to nudge.")  # type: ignore[attr-defined]
            return
        self.app.push_screen(NudgeChooser(), self._nudge_chosen)  # type: ignore

    def _nudge_chosen(self, kind: str | None) -> None:
        where = self._where()
        if kind is None or where is None:
            return
        try:
            inbox.send_nudge(self.app.root, where[0], kind, meeting=where[1])  # type: ignore
        except OSError as err:
            self.say(f"Could not send it ({err.strerror or err}).")  # type: ignore
            return
        self.say(f"Nudge sent to the facilitator: {NUDGES[kind]}.")  # type: ignore

    # -- following the answers ---------------------------------------------------------------
    def follow_hands(self, snap: Snapshot) -> None:
        waiting = [s for s in self.sent if s.waiting]
        if waiting:
            gone = snap.status != LIVE
            for item in waiting:
                if gone or item.hand.meeting != snap.meeting_id:
                    inbox.withdraw(self.app.root, snap.group_id or "", item.hand.key)  # type: ignore
                    item.reply = Reply(DROPPED, ENDED_WHY)
                    continue
                reply = inbox.status(self.app.root, snap.group_id, item.hand.key)  # type: ignore
                if reply.answer != WAITING:
                    item.reply = reply
                    inbox.withdraw(self.app.root, snap.group_id, item.hand.key)  # type: ignore
                    if reply.answer == GONE:
                        item.reply = Reply(GONE)
        self.show_hands()

    def show_hands(self) -> None:
        hushed = self._co.hushed  # type: ignore[attr-defined]
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.sent:  # the newest hand, and how many older ones still wait
            text.append("Your raised hand: ", style="dim")
            text.append_text(self.sent[-1].words())
            older = sum(1 for s in self.sent[:-1] if s.waiting)
            if older:
                text.append(f"  · {older} more waiting", style="dim")
            if any(s.waiting for s in self.sent):
                text.append("   w withdraws", style="dim")
        self.put("#watch-hand", text, bool(self.sent) and not hushed)  # type: ignore
