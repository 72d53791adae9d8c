"""The group's agreements, read aloud: large calm text, one at a time or all at once."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui.meeting import care
from roomtui.session import Session
from roomtui.ui.screens.base import DismissOnceModal, DismissOnceScreen
from roomtui.ui.screens.library import LibraryEditor
from roomtui.ui.typed_app import InFacilitatorApp

HINTS = "← → previous / next   v one or all   c remind the room   e edit   esc back"
EMPTY = "No agreements yet. Press e to write the group's own."


def agreements_editor(session: Session) -> LibraryEditor:
    """The editor for the session's group agreements, saving to groups.json."""
    return LibraryEditor(
        "Group agreements: edit, reorder, add, remove",
        care.agreements_of(session.group),
        lambda items: session.update_group(agreements=items),
    )


class ReadAloudScreen(InFacilitatorApp, DismissOnceScreen[str | None]):
    """Full screen, nothing else on it. Returns an agreement to show as a reminder, or None."""

    BINDINGS = [
        Binding("right,down,n,space", "step(1)", "Next", tooltip="Next agreement", id="agreements.next"),
        Binding("left,up,b", "step(-1)", "Previous", tooltip="Previous agreement", id="agreements.previous"),
        Binding("v", "toggle_all", "One / all", tooltip="One at a time or all at once",
                id="agreements.one_or_all"),
        Binding("c", "remind", "Remind", tooltip="Show this agreement as a reminder card",
                id="agreements.remind"),
        Binding("e", "edit", "Edit", tooltip="Add, edit, reorder or remove agreements", id="agreements.edit"),
        Binding("escape,g,q", "back", "Back", tooltip="Back to the meeting", id="agreements.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0
        self.all_at_once = False

    def compose(self) -> ComposeResult:
        yield Static("", id="read-head", markup=False)
        with VerticalScroll(id="read-scroll"):
            yield Static("", id="read-text", markup=False)
        yield Static(HINTS, id="read-keys", markup=False)

    def on_mount(self) -> None:
        self.show()

    @property
    def items(self) -> list[str]:
        return care.agreements_of(self.session.group)

    def show(self) -> None:
        items = self.items
        self.index = max(0, min(self.index, len(items) - 1))
        head = Text("Our group agreements", style="bold")
        body = Text(justify="center")
        if not items:
            body.append(EMPTY, style="dim")
        elif self.all_at_once:
            body.justify = "left"
            for i, item in enumerate(items, start=1):
                body.append(f"{i}.  ", style="dim")
                body.append(item, style="bold")
                if i < len(items):
                    body.append("\n\n")
        else:
            head.append(f"   {self.index + 1} of {len(items)}", style="dim")
            body.append(items[self.index], style="bold")
        self.query_one("#read-head", Static).update(head)
        self.query_one("#read-text", Static).update(body)
        self.set_class(self.all_at_once, "-all")

    def action_step(self, delta: int) -> None:
        if self.all_at_once:
            self.query_one(VerticalScroll).scroll_relative(y=delta * 3)
            return
        items = self.items
        if items:
            self.index = (self.index + delta) % len(items)
        self.show()

    def action_toggle_all(self) -> None:
        self.all_at_once = not self.all_at_once
        self.show()

    def action_remind(self) -> None:
        items = self.items
        if items:
            self.dismiss(items[self.index])

    def action_edit(self) -> None:
        self.app.push_screen(agreements_editor(self.session), lambda _: self.show())

    def action_back(self) -> None:
        self.dismiss(None)


class ReminderChooser(InFacilitatorApp, DismissOnceModal[str | None]):
    """Pick the agreement for the reminder card."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Back, no reminder", id="reminder.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser-body"):
            yield Static("Show a gentle reminder", classes="title", markup=False)
            yield OptionList(id="chooser-list")
            yield Static("Enter shows it   escape back", classes="keys", markup=False)

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        items = care.agreements_of(self.session.group)
        listing.set_options(
            [Option(Text(t, no_wrap=True, overflow="ellipsis"), id=str(i))
             for i, t in enumerate(items)]
        )
        if items:
            listing.highlighted = 0
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        items = care.agreements_of(self.session.group)
        self.dismiss(items[event.option_index] if event.option_index < len(items) else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
