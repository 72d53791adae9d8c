"""Editing the group's agreements or quiet prompts: add, edit, reorder, remove.

Each change is saved to ``groups.json`` before the list shows it; a refusal (an empty
text) or a failed save leaves the list as it was and says why.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui.meeting import Refused, care
from roomtui.session import not_saved
from roomtui.storage import DamagedFile
from roomtui.ui.screens.base import DismissOnceModal
from roomtui.ui.widgets.prompt import PromptBar

HINTS = "a add   e / Enter edit   x remove   [ ] move   escape done"


class LibraryEditor(DismissOnceModal[None]):
    """A list editor for agreements (texts) or prompts (kind + text)."""

    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a new one at the end", id="library.add"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected one", id="library.edit"),
        Binding("x", "remove", "Remove", tooltip="Remove the selected one", id="library.remove"),
        Binding("left_square_bracket", "move(-1)", "Up", key_display="[", id="library.move_up"),
        Binding("right_square_bracket", "move(1)", "Down", key_display="]", id="library.move_down"),
        Binding("escape", "close", "Done", tooltip="Back", id="library.close"),
        Binding("up", "step(-1)", show=False, id="library.previous"),
        Binding("down", "step(1)", show=False, id="library.next"),
    ]

    def __init__(self, title: str, items: list, save: Callable[[list], None],
                 prompts: bool = False, highlight: int = 0) -> None:
        super().__init__()
        self.start_at = highlight
        self.title_text = title
        self.items = list(items)
        self.save = save
        self.prompts = prompts
        self.what = "A prompt" if prompts else "An agreement"

    def compose(self) -> ComposeResult:
        with Vertical(id="library-body"):
            yield Static(self.title_text, classes="title", markup=False)
            yield OptionList(id="library-list")
            yield Static("", id="library-message", markup=False)
            yield Static(HINTS, classes="keys", markup=False)
        yield PromptBar(id="library-prompt")

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        self.show(self.start_at)

    def label(self, item) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if isinstance(item, dict):
            text.append(care.KIND_TITLES.get(item["kind"], item["kind"]) + ": ", style="dim")
            text.append(item["text"])
        else:
            text.append(item)
        return text

    def show(self, highlight: int | None = None) -> None:
        listing = self.query_one(OptionList)
        listing.set_options(
            [Option(self.label(item), id=str(i)) for i, item in enumerate(self.items)]
        )
        if self.items:
            listing.highlighted = max(0, min(len(self.items) - 1, highlight or 0))
        listing.focus()

    def say(self, message: str) -> None:
        self.query_one("#library-message", Static).update(message)

    @property
    def selected(self) -> int | None:
        return self.query_one(OptionList).highlighted

    def commit(self, change: Callable[[], list], done: str, highlight: int | None) -> None:
        """Apply a pure edit and save it; on refusal or a failed save nothing changes."""
        try:
            items = change()
            self.save(items)
        except Refused as refusal:
            self.say(str(refusal))
            return
        except (OSError, DamagedFile) as err:
            self.say(not_saved(err))
            return
        self.items = items
        self.say(done)
        self.show(highlight)

    # -- keys ------------------------------------------------------------------------
    def action_add(self) -> None:
        if self.prompts:
            kind = self.new_kind()
            label = f"New prompt ({care.KIND_TITLES[kind]}):"
        else:
            label = "New agreement:"
        self.query_one(PromptBar).ask("add", label)

    def new_kind(self) -> str:
        i = self.selected
        return self.items[i]["kind"] if i is not None and self.items else "reflection"

    def action_edit(self) -> None:
        i = self.selected
        if i is None or not self.items:
            self.say("Nothing to edit yet: press a to add one.")
            return
        item = self.items[i]
        value = item["text"] if isinstance(item, dict) else item
        self.query_one(PromptBar).ask("edit", "Edit:", value=value)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_remove(self) -> None:
        i = self.selected
        self.commit(lambda: care.remove_item(self.items, -1 if i is None else i),
                    "Removed.", max(0, (i or 0) - 1))

    def action_move(self, delta: int) -> None:
        i = self.selected
        self.commit(lambda: care.move_item(self.items, -1 if i is None else i, delta),
                    "Moved.", (i or 0) + delta)

    def action_step(self, delta: int) -> None:
        """Arrows reach here only when the list lost focus (after a cancelled edit)."""
        listing = self.query_one(OptionList)
        listing.focus()
        if self.items:
            listing.highlighted = max(0, min(len(self.items) - 1, (self.selected or 0) + delta))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(PromptBar.Answered)
    def _answered(self, message: PromptBar.Answered) -> None:
        message.stop()
        i = self.selected
        if message.purpose == "add":
            if self.prompts:
                kind = self.new_kind()
                change = lambda: care.add_prompt(self.items, message.text, kind)  # noqa: E731
            else:
                change = lambda: care.add_item(self.items, message.text, self.what)  # noqa: E731
            self.commit(change, "Added and saved.", len(self.items))
        elif message.purpose == "edit" and i is not None:
            self.commit(lambda: care.edit_item(self.items, i, message.text, self.what),
                        "Saved.", i)
        self.query_one(OptionList).focus()
