"""A one-line entry docked at the bottom of the live screen: the queue keeps running above."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label


class PromptBar(Horizontal):
    """Asks for one line of text; reports it with ``PromptBar.Answered``."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without saving")]

    @dataclass
    class Answered(Message):
        purpose: str
        text: str

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.purpose = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="prompt-label")
        yield Input(id="prompt-input")

    def ask(
        self, purpose: str, label: str, suggestions: list[str] | None = None, value: str = ""
    ) -> None:
        self.purpose = purpose
        self.query_one(Label).update(label)
        field = self.query_one(Input)
        field.value = value
        field.suggester = (
            SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        )
        self.display = True
        # Focus now, not after a refresh: a quick typist's next keys must land in the field.
        self.screen.set_focus(field)

    def action_cancel(self) -> None:
        self.close()

    def close(self) -> None:
        self.display = False
        self.purpose = ""
        self.screen.set_focus(None)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        purpose = self.purpose
        self.close()
        self.post_message(self.Answered(purpose, event.value))
