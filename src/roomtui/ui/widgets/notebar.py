"""A one-line note entry under the queue: the queue and timers keep running above it.

The tag is chosen with ``ctrl+t`` (cycles theme → follow-up → resource → care) or by a
prefix typed at the start (``f: call back``, ``#resource leaflet``). When the note names
someone on the roster, a quiet line suggests initials and ``ctrl+g`` swaps them in;
``Enter`` always saves the note as it stands, so the suggestion never blocks writing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label, Static

from roomtui.meeting.notes import (
    THEME,
    initials,
    names_in,
    next_tag,
    split_prefix,
    with_initials,
)
from roomtui.meeting.text import MAX_TEXT
from roomtui.ui.widgets.prompt import NameInput

HINT = "Enter saves · ctrl+t tag (or type f: r: c: t:) · escape closes"


class NoteInput(NameInput):
    """The note field: a paste goes in whole (its lines joined) or not at all, and typed
    joiners (ZWJ, ZWNJ) are kept, as in the name prompt.

    Textual's Input keeps only a paste's first line, so a long paste from a document was
    saved as a fragment of itself. A note holds one line of at most MAX_TEXT characters:
    a longer paste is refused whole, with a word, and the field is left as it was.
    """

    @dataclass
    class PasteRefused(Message):
        length: int

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        text = " ".join(part.strip() for part in event.text.splitlines() if part.strip())
        if not text:
            return
        selection = self.selection
        kept = len(self.value) - (0 if selection.is_empty else
                                  abs(selection.end - selection.start))
        if kept + len(text) > MAX_TEXT:
            self.post_message(self.PasteRefused(len(event.text)))
            return
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)


class NoteBar(Vertical):
    """Asks for one note; reports it with ``NoteBar.Saved`` (``note`` is set when editing)."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", tooltip="Close without saving", id="notebar.close"),
        Binding("ctrl+t", "cycle_tag", "Tag", tooltip="Next tag: theme, follow-up, resource, care",
                id="notebar.tag"),
        Binding("ctrl+g", "use_initials", "Initials", tooltip="Use initials for roster names",
                id="notebar.initials"),
    ]

    tag: reactive[str] = reactive(THEME)
    """The tag the note gets unless a typed prefix says otherwise."""

    @dataclass
    class Saved(Message):
        text: str
        tag: str
        note: int | None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.note: int | None = None
        self.roster: list[str] = []
        self.names: list[str] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="note-row"):
            yield Label("Note", id="note-label")
            yield Static("", id="note-tag", markup=False)
            yield NoteInput(id="note-input", placeholder="a theme, follow-up or resource")
        yield Static(HINT, id="note-hint", markup=False)

    def ask(self, roster: list[str], text: str = "", tag: str = THEME,
            note: int | None = None) -> None:
        """Open the bar (empty for a new note, filled to edit one)."""
        self.roster = list(roster)
        self.note = note
        self.tag = tag
        self.query_one(Label).update("Edit note" if note is not None else "Note")
        field = self.query_one(Input)
        field.value = text
        field.cursor_position = len(text)
        self._check(text)
        self.display = True
        field.focus()

    def close(self) -> None:
        self.display = False
        self.note = None
        self.screen.set_focus(None)

    def watch_tag(self) -> None:
        self._show_tag()

    def _show_tag(self) -> None:
        if not self.is_mounted:
            return
        typed = self.query_one(Input).value
        tag, _ = split_prefix(typed, self.tag)
        self.query_one("#note-tag", Static).update(Text(f"[{tag}]", style="bold"))

    def _check(self, text: str) -> None:
        """Show the initials suggestion when the note names someone on the roster."""
        self.names = names_in(text, self.roster)
        hint = self.query_one("#note-hint", Static)
        if self.names:
            pairs = ", ".join(f"{n} (→ {initials(n)})" for n in self.names)
            hint.update(Text(
                f"Names {pairs}: notes stay group-level. ctrl+g uses initials; "
                "Enter saves as written.", style="italic"))
            hint.add_class("-names")
        else:
            hint.update(HINT)
            hint.remove_class("-names")
        self._show_tag()

    @on(Input.Changed, "#note-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._check(event.value)

    @on(NoteInput.PasteRefused)
    def _paste_refused(self, event: NoteInput.PasteRefused) -> None:
        event.stop()
        hint = self.query_one("#note-hint", Static)
        hint.update(Text(f"That paste is {event.length:,} characters; a note holds at most "
                         f"{MAX_TEXT:,}. Nothing was pasted.", style="italic"))

    def action_cancel(self) -> None:
        self.close()

    def action_cycle_tag(self) -> None:
        field = self.query_one(Input)
        tag, rest = split_prefix(field.value, self.tag)
        if rest != field.value:  # a typed prefix chose the tag: move on from it
            field.value = rest
        self.tag = next_tag(tag)

    def action_use_initials(self) -> None:
        if not self.names:
            return
        field = self.query_one(Input)
        field.value = with_initials(field.value, self.names)
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#note-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.display:  # Enter held: the note was saved by the first one
            return
        tag, text = split_prefix(event.value, self.tag)
        note = self.note
        self.close()
        self.post_message(self.Saved(text, tag, note))
