"""A yes / no question that defaults to the safe answer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from roomtui.ui.screens.base import DismissOnceModal


class ConfirmScreen(DismissOnceModal[bool]):
    """Returns True only for an explicit y."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body"):
            yield Static(self.question, classes="title", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False)
            yield Static("y  yes        n  no, go back", classes="keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
