"""Celebrating a milestone: the facilitator picks (privately), then a warm card shows.

The card is an event in the meeting log (``celebrated``), so the room view can show it
too; it stays until the facilitator clears it (another event), also after a restart.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui.ui.screens.base import DismissOnceModal
from roomtui.ui.widgets.prompt import PromptBar

CHOOSER_HINTS = "1-9 or Enter  show that card   t  type your own words   esc  not now"


class CelebrateChooser(DismissOnceModal[str | None]):
    """Private: what falls today or this week. Returns the card's words, or None."""

    BINDINGS = [
        *[Binding(str(i + 1), f"pick({i})", show=False, id=f"celebrate.pick_{i + 1}")
          for i in range(9)],
        Binding("t", "type", "Own words", id="celebrate.own_words"),
        Binding("escape", "close", "Not now", id="celebrate.close"),
    ]

    def __init__(self, due: list) -> None:
        super().__init__()
        self.due = due

    def compose(self) -> ComposeResult:
        with Vertical(id="celebrate-body", classes="editor-body"):
            yield Static("Celebrate  (private until you choose)", classes="title", markup=False)
            yield OptionList(id="celebrate-list")
            yield Static("" if self.due else "No milestones today or this week. "
                         "t writes a card in your own words.", id="celebrate-message",
                         markup=False)
            yield Static(CHOOSER_HINTS, classes="keys", markup=False)
        yield PromptBar(id="celebrate-prompt")

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        listing = self.query_one(OptionList)
        for i, due in enumerate(self.due):
            label = Text(f" {i + 1}  ", style="bold")
            label.append(due.private_line())
            label.append(f"   card: “{due.card()}”", style="dim")
            listing.add_option(Option(label, id=str(i)))
        if self.due:
            listing.highlighted = 0
            listing.focus()
        else:
            self.action_type()

    def action_pick(self, i: int) -> None:
        if i < len(self.due):
            self.dismiss(self.due[i].card())

    @on(OptionList.OptionSelected)
    def _enter(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option_index)

    def action_type(self) -> None:
        self.query_one(PromptBar).ask("card", "Card words:")

    def action_close(self) -> None:
        self.dismiss(None)

    @on(PromptBar.Answered)
    def _answered(self, message: PromptBar.Answered) -> None:
        message.stop()
        self.dismiss(message.text)


class CelebrationCard(DismissOnceModal[None]):
    """The warm card, large and calm. Any of Enter, escape or C clears it for the room."""

    BINDINGS = [Binding("escape,enter,C", "clear", "Clear the card", id="celebrate.clear_card")]

    def __init__(self, words: str) -> None:
        super().__init__()
        self.words = words

    def compose(self) -> ComposeResult:
        with Vertical(id="celebration-card"):
            yield Static("✦", classes="card-star", markup=False)
            yield Static(Text(self.words, justify="center"), id="celebration-words")
            yield Static("✦", classes="card-star", markup=False)
        yield Static("Enter clears the card", id="celebration-keys", markup=False)

    def action_clear(self) -> None:
        self.dismiss(None)
