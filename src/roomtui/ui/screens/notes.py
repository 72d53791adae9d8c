"""This meeting's notes, to read again, edit, retag or delete while the meeting runs.

A modal over the live screen (the meeting keeps going underneath). Every change is an
event recorded through the session, on disk before the list shows it. Private: this
screen exists only in the facilitator app.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui.meeting.notes import Note, next_tag
from roomtui.ui.screens.base import DismissOnceModal
from roomtui.ui.screens.confirm import ConfirmScreen
from roomtui.ui.typed_app import InFacilitatorApp
from roomtui.ui.widgets.notebar import NoteBar


def note_line(note: Note, phases: list[str]) -> Text:
    """``19:05  Sharing  [follow-up]  text`` as literal text (markup in notes stays text)."""
    phase = phases[note.phase] if 0 <= note.phase < len(phases) else ""
    line = Text(time.strftime("%H:%M", time.localtime(note.at)) + "  ", style="dim")
    line.append(f"[{note.tag}]", style="bold")
    line.append(f"  {phase}", style="dim")
    line.append("\n  " + note.text)
    if note.edited_at is not None:
        line.append("  (edited)", style="dim italic")
    return line


class NotesScreen(InFacilitatorApp, DismissOnceModal[None]):
    """Read, edit (Enter), retag (t) and delete (x) this meeting's notes."""

    BINDINGS = [
        Binding("escape,O", "close", "Back", tooltip="Back to the meeting", id="notes.close"),
        Binding("enter,e", "edit", "Edit", tooltip="Edit the chosen note", id="notes.edit"),
        Binding("t", "retag", "Tag", tooltip="Give the chosen note the next tag", id="notes.retag"),
        Binding("x,delete", "delete", "Delete", tooltip="Delete the chosen note (asks first)",
                id="notes.delete"),
        Binding("o", "new", "New note", tooltip="Write another note", id="notes.new"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-body"):
            yield Static("Notes  (private to this screen)", classes="title")
            yield OptionList(id="notes-list")
            yield Static("", id="notes-message", markup=False)
            yield Static("Enter edit · t tag · x delete · o new · escape back", classes="keys")
            yield NoteBar(id="notes-bar")

    def on_mount(self) -> None:
        self.query_one(NoteBar).display = False
        self.show()

    def show(self, keep: int | None = None) -> None:
        state = self.session.state
        phases = [p.name for p in state.phases]
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(Option(note_line(n, phases), id=str(n.id)) for n in state.notes)
        if not state.notes:
            self.say("No notes yet. Press o to write one.")
            return
        ids = [n.id for n in state.notes]
        if keep in ids:
            listing.highlighted = ids.index(keep)
        else:
            listing.highlighted = min(highlighted or 0, len(ids) - 1)
        listing.focus()

    def say(self, message: str) -> None:
        self.query_one("#notes-message", Static).update(message)

    def chosen(self) -> Note | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not self.session.state.notes:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return next((n for n in self.session.state.notes if str(n.id) == option.id), None)

    def record(self, make, done: str, keep: int | None = None) -> bool:
        changed, problem = self.session.attempt(make)
        if changed:
            self.show(keep)
        self.say(problem or (done if changed else ""))
        return changed

    def action_close(self) -> None:
        self.dismiss(None)

    def action_new(self) -> None:
        self.query_one(NoteBar).ask(self.session.roster())

    def action_edit(self) -> None:
        note = self.chosen()
        if note is not None:
            self.query_one(NoteBar).ask(self.session.roster(), note.text, note.tag, note.id)

    def action_retag(self) -> None:
        note = self.chosen()
        if note is not None:
            tag = next_tag(note.tag)
            meeting = self.session.meeting
            self.record(lambda at: meeting.edit_note(note.id, at, tag=tag),
                        f"Tagged {tag}.", note.id)

    def action_delete(self) -> None:
        note = self.chosen()
        if note is None:
            return
        meeting = self.session.meeting

        def answered(yes: bool | None) -> None:
            if yes:
                self.record(lambda at: meeting.delete_note(note.id, at), "Note deleted.")

        self.app.push_screen(ConfirmScreen("Delete this note?", note.text[:200]), answered)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    @on(NoteBar.Saved)
    def _saved(self, message: NoteBar.Saved) -> None:
        message.stop()
        meeting = self.session.meeting
        if message.note is None:
            if self.record(lambda at: meeting.add_note(message.text, at, tag=message.tag),
                           "Note saved."):
                self.show(self.session.state.notes[-1].id)
        else:
            self.record(
                lambda at: meeting.edit_note(message.note, at, raw=message.text,
                                             tag=message.tag),
                "Note changed.", message.note)
        self.query_one(OptionList).focus()
