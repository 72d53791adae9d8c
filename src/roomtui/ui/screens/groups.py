"""The group list: create, rename, delete and switch groups on this laptop.

Switching closes this group's meeting (saved; it resumes next time) and opens the other
group's, through the session layer; a meeting open in another roomtui is refused and this
one goes on untouched. A new group starts from a chosen format and the default agreements.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui import groups
from roomtui.formats.files import default_format, find_format, load_formats
from roomtui.roster import RosterRefused
from roomtui.session import not_saved
from roomtui.storage import DamagedFile, protect
from roomtui.ui.screens.base import DismissOnceModal
from roomtui.ui.screens.confirm import ConfirmScreen
from roomtui.ui.typed_app import InFacilitatorApp
from roomtui.ui.widgets.prompt import PromptBar

HINTS = "Enter switch   n new   e rename   x delete   esc back"


def group_label(row: groups.GroupRow) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("▸ " if row.current else "  ", style="bold")
    text.append(row.name, style="bold" if row.current else "")
    text.append("  (you are here)" if row.current else "", style="italic")
    text.append(f"   {row.people} people · {row.meetings} "
                f"meeting{'' if row.meetings == 1 else 's'}", style="dim")
    if row.open_meeting and not row.current:
        text.append(" · meeting open", style="italic")
    return text


class GroupsScreen(InFacilitatorApp, DismissOnceModal[object]):
    """Returns the other group's open Session after a switch, or None to stay.

    The switch is tried here, so a refusal is said in the list, which stays open."""

    BINDINGS = [
        Binding("n", "new", "New", id="groups.new"),
        Binding("e", "rename", "Rename", id="groups.rename"),
        Binding("x", "delete", "Delete", id="groups.delete"),
        Binding("escape", "close", "Back", id="groups.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[groups.GroupRow] = []
        self.pending_name = ""
        self._target: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="groups-body", classes="editor-body"):
            yield Static("Groups on this laptop", classes="title", markup=False)
            yield OptionList(id="groups-list")
            yield Static("", id="groups-message", markup=False)
            yield Static(HINTS, classes="keys", markup=False)
        yield PromptBar(id="groups-prompt")

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        self.show()

    def show(self, group_id: str | None = None) -> None:
        self.rows = groups.list_groups(self.session)
        listing = self.query_one(OptionList)
        listing.set_options([Option(group_label(r), id=r.id) for r in self.rows])
        want = group_id or self.session.group["id"]
        for i, row in enumerate(self.rows):
            if row.id == want:
                listing.highlighted = i
        listing.focus()

    def say(self, message: str) -> None:
        self.query_one("#groups-message", Static).update(message)

    @property
    def selected(self) -> groups.GroupRow | None:
        i = self.query_one(OptionList).highlighted
        return self.rows[i] if i is not None and i < len(self.rows) else None

    def format_names(self) -> list[str]:
        formats, _errors = load_formats(None)
        return [f["name"] for f in formats]

    # -- keys ------------------------------------------------------------------------
    @on(OptionList.OptionSelected)
    def _switch(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.selected
        if row is None or self.closing:  # Enter held: the first one switched
            return
        if row.current:
            self.say(f"You are already in {row.name}.")
            return
        group = self.session.book.get(row.id)
        if protect.is_protected(group):  # its notes are locked: ask first (unlock.py)
            from roomtui.ui.screens.unlock import UnlockScreen

            def unlocked(keys) -> None:
                if keys is None:
                    self.say(f"You stayed in {self.session.group['name']}.")
                else:
                    self._switch_to(row.id, keys)

            self.app.push_screen(UnlockScreen(group, "stay in this group"), unlocked)
            return
        self._switch_to(row.id, None)

    def _switch_to(self, group_id: str, keys) -> None:
        try:
            other = groups.switch_group(self.session, group_id, keys=keys)
        except RosterRefused as refusal:
            self.say(str(refusal))
            return
        self.dismiss(other)

    def action_new(self) -> None:
        self.query_one(PromptBar).ask("new", "New group's name:")

    def action_rename(self) -> None:
        row = self.selected
        if row is not None:
            self._target = row.id
            self.query_one(PromptBar).ask("rename", f"Rename {row.name} to:")

    def action_delete(self) -> None:
        row = self.selected
        if row is None:
            return
        if row.current:
            self.say("This is the group you are in: switch to another group first.")
            return
        detail = groups.delete_summary(self.session, row.id)

        def answered(yes: bool | None) -> None:
            if not yes:
                self.say("Nothing was deleted.")
                return
            try:
                groups.delete_group(self.session, row.id)
            except RosterRefused as refusal:
                self.say(str(refusal))
                return
            self.show()
            self.say(f"{row.name} deleted. Its past meetings are kept.")

        self.app.push_screen(ConfirmScreen(f"Delete the group {row.name}?", detail), answered)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(PromptBar.Answered)
    def _answered(self, message: PromptBar.Answered) -> None:
        message.stop()
        try:
            if message.purpose == "new":
                from roomtui.roster import check_group_name

                self.pending_name = check_group_name(message.text, self.session.book.all())
                default = default_format()["name"]
                self.query_one(PromptBar).ask(
                    "format", f"Format (Enter for “{default}”):", self.format_names())
            elif message.purpose == "format":
                self.create(message.text)
            elif message.purpose == "rename" and self._target:
                name = groups.rename_group(self.session, self._target, message.text)
                self.show(self._target)
                self.say(f"Renamed to {name}. Past meetings keep the name they had.")
        except RosterRefused as refusal:
            self.say(str(refusal))
        except (OSError, DamagedFile) as err:
            self.say(not_saved(err))

    def create(self, typed: str) -> None:
        formats, _errors = load_formats(None)
        fmt = find_format(formats, typed.strip()) if typed.strip() else default_format()
        if fmt is None:
            fmt = next((f for f in formats if typed.strip().casefold() in f["name"].casefold()),
                       None)
        if fmt is None:
            raise RosterRefused(f"No format called “{typed.strip()}”. "
                                f"Formats: {', '.join(self.format_names())}.")
        group = groups.create_group(self.session, self.pending_name, fmt["name"])
        self.show(group["id"])
        self.say(f"{group['name']} created, following “{fmt['name']}” with the default "
                 "agreements. Enter switches to it.")
