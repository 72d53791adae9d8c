"""A one-line entry docked at the bottom of the live screen: the queue keeps running above.

When it asks for a person (``people``), Tab or ↓ opens a list of who can be picked,
numbered by seat: Enter on a row picks that person, so nobody needs a Chinese input method
to pick 李雷, and ``3`` Enter picks whoever sits in seat 3. A name that matches nobody is
asked about once (``confirm_new``), with near matches in the list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from roomtui.meeting import names as matcher
from roomtui.meeting.text import shorten

#: Typed characters that Textual's Input drops as unprintable but that belong in names:
#: the zero-width joiner of emoji sequences (👩‍🦰) and the zero-width non-joiner that
#: Persian keyboards type as a key.
JOINERS = frozenset("\u200c\u200d")
_JOINER_KEYS = {"zero_width_joiner": "\u200d", "zero_width_non_joiner": "\u200c"}


def _named(key: str) -> str | None:
    """The character a key event names when it carries no character (Pilot sends
    ``zero_width_joiner`` or ``emoji_component_red_hair`` that way)."""
    if key in _JOINER_KEYS:
        return _JOINER_KEYS[key]
    try:
        char = unicodedata.lookup(key.replace("_", " "))
    except KeyError:
        return None
    return char if len(char) == 1 else None


class NameInput(Input):
    """An Input that keeps zero-width joiners and non-joiners as they are typed."""

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char is None:
            char = _named(event.key)
            if char is not None and not (char in JOINERS or char.isprintable()):
                char = None
        elif char not in JOINERS:
            char = None  # Input's own handler types it
        if char:
            event.stop()
            event.prevent_default()  # Input's own handler would drop it
            self.insert_text_at_cursor(char)


class NameSuggester(Suggester):
    """Completes to the roster's spelling in any case or accent form (so → Søren)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = list(names)

    async def get_suggestion(self, value: str) -> str | None:
        if value != value.rstrip():
            return None  # a trailing space turns completion off
        found = matcher.complete(value, self.names)
        if found is None:
            return None
        # The field shows the suggestion past what was typed: so + "ren" for Søren.
        key, cut = matcher.fold(value), None
        for end in range(1, len(found) + 1):
            if matcher.fold(found[:end]) == key:
                cut = end  # the last such end: a trailing accent belongs to what was typed
        rest = found[cut:] if cut is not None else ""
        return value + rest if rest else None


class PromptBar(Vertical):
    """Asks for one line of text; reports it with ``PromptBar.Answered``."""

    DEFAULT_CSS = """
    PromptBar #prompt-list {
        height: auto;
        max-height: 10;
        border: round $secondary 60%;
        display: none;
    }
    PromptBar #prompt-row {
        height: 3;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="prompt.cancel"),
        Binding("tab,down", "open_list", "People", tooltip="Pick from the people present",
                id="prompt.people"),
    ]

    @dataclass
    class Answered(Message):
        purpose: str
        text: str
        #: The facilitator confirmed that a name matching nobody is a new person.
        new: bool = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.purpose = ""
        self.people: list[tuple[int, str]] = []
        self._asked: tuple | None = None  # what Esc on the new-person question goes back to
        self._last: tuple = ("", "", None, None)  # the last question asked (for confirm_new)
        self._new = False
        self._rows: list[str] = []  # the names the list shows, in its order

    def compose(self) -> ComposeResult:
        yield OptionList(id="prompt-list")
        with Horizontal(id="prompt-row"):
            yield Label("", id="prompt-label")
            yield NameInput(id="prompt-input")

    def ask(
        self, purpose: str, label: str, suggestions: list[str] | None = None, value: str = "",
        people: list[tuple[int, str]] | None = None,
    ) -> None:
        """Ask for a line. ``people`` (seat number, name) makes Tab/↓ open the pick list."""
        self._asked = self._last = (purpose, label, suggestions, people)
        self._new = False
        self._show(purpose, label, suggestions, value, people)

    def confirm_new(self, typed: str, near: list[str]) -> None:
        """Ask once whether a name that matches nobody is a new person."""
        asked = self._last
        purpose, _label, _suggestions, people = asked
        label = f"New person: {shorten(typed, 30)}? Enter adds, Esc goes back"
        seats = {name: seat for seat, name in people or []}
        self._show(purpose, label, None, typed, [(seats.get(n, 0), n) for n in near])
        self._new = True
        self._asked = asked
        if near:
            self._fill(near_only=True)
            self.query_one(OptionList).display = True

    def _show(self, purpose, label, suggestions, value, people) -> None:
        self.purpose = purpose
        self.people = list(people or [])
        self.query_one(Label).update(Text(label))
        field = self.query_one(NameInput)
        field.value = value
        field.cursor_position = len(value)
        field.suggester = NameSuggester(suggestions) if suggestions else None
        self.query_one(OptionList).display = False
        self.display = True
        # Focus now, not after a refresh: a quick typist's next keys must land in the field.
        self.screen.set_focus(field)

    # -- the pick list -------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "open_list":
            return bool(self.people)
        return True

    def _fill(self, near_only: bool = False) -> None:
        """The list: everyone pickable, or those the typed text could mean, best first.
        Digits show the seats whose number starts with them."""
        typed = self.query_one(NameInput).value.strip()
        rows = self.people
        if typed and not near_only:
            if typed.isdigit():
                rows = [(s, n) for s, n in rows if str(s).startswith(typed)]
            else:
                seat_of = {name: seat for seat, name in rows}
                rows = [(seat_of[n], n) for n in matcher.matches(typed, seat_of)]
        self._rows = [name for _, name in rows]
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(
            Option(Text.assemble((f"{seat:>2}  " if seat else "    ", "dim"), name), id=f"p{i}")
            for i, (seat, name) in enumerate(rows)
        )
        listing.highlighted = 0 if rows else None

    def action_open_list(self) -> None:
        listing = self.query_one(OptionList)
        if not listing.display:
            self._fill(near_only=self._new)
            listing.display = True
        self.screen.set_focus(listing)

    @on(OptionList.OptionSelected, "#prompt-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        purpose = self.purpose
        self.close()
        self.post_message(self.Answered(purpose, self._rows[event.option_index]))

    @on(Input.Changed, "#prompt-input")
    def _typed(self, event: Input.Changed) -> None:
        if self.query_one(OptionList).display and not self._new:
            self._fill()

    # -- closing -------------------------------------------------------------------
    def action_cancel(self) -> None:
        listing = self.query_one(OptionList)
        if listing.display and self.screen.focused is listing and not self._new:
            listing.display = False  # Esc in the list goes back to the field
            self.screen.set_focus(self.query_one(NameInput))
            return
        if self._new and self._asked is not None:
            purpose, label, suggestions, people = self._asked
            self.ask(purpose, label, suggestions, self.query_one(NameInput).value, people)
            return
        self.close()

    def close(self) -> None:
        self.display = False
        self.purpose = ""
        self.people = []
        self._new = False
        self._asked = None
        self.query_one(OptionList).display = False
        self.screen.set_focus(None)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        purpose, new = self.purpose, self._new
        self.close()
        self.post_message(self.Answered(purpose, event.value, new))
