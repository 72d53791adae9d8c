"""Every key, in a calm list. Built from the same table as the bindings."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from roomtui.ui.keymap import Key
from roomtui.ui.screens.base import DismissOnceModal


class HelpScreen(DismissOnceModal[None]):
    """Shows every key of the screen it was opened from."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", tooltip="Back to the meeting", id="help.close")
    ]

    def __init__(self, keys: list[Key]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key in self.keys:
            table.add_row(key.shown, key.help)
        with VerticalScroll(id="help-body"):  # scrolls with the arrows on small terminals
            yield Static("Keys  (any of escape, ? or q closes this)", classes="title")
            yield Static(table)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
