"""The first screen of every browser view: nothing of the meeting until the PIN is right.

The meeting is not even read before the PIN matches. A wrong PIN gets a short message
and the field stays closed for a few seconds before the next try.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from roomtui.serve import MAX_ATTEMPTS, PIN_DIGITS, RETRY_DELAY, pin_matches


class PinScreen(Screen):
    """Asks for the PIN shown on the facilitator's screen."""

    def __init__(self, pin_path: Path | None) -> None:
        super().__init__()
        self.pin_path = pin_path
        self.wrong = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-body"):
            yield Static("roomtui · browser view", classes="title")
            yield Static("Enter the PIN shown on the facilitator's screen.", markup=False)
            yield Input(
                id="pin-input",
                password=True,
                max_length=PIN_DIGITS,
                restrict=r"[0-9]*",
                placeholder="PIN",
            )
            yield Static("", id="pin-message", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#pin-input")
    def _submitted(self, event: Input.Submitted) -> None:
        field = self.query_one(Input)
        if self.pin_path is not None and pin_matches(self.pin_path, event.value):
            from roomtui.ui.screens.watch import WatchScreen

            self.app.switch_screen(WatchScreen())
            return
        field.value = ""
        field.disabled = True
        self.wrong += 1
        message = self.query_one("#pin-message", Static)
        if self.wrong >= MAX_ATTEMPTS:
            message.update("Too many wrong PINs. Ask the facilitator, then reload this page.")
            self.set_timer(RETRY_DELAY, self.app.exit)
            return
        message.update(f"That PIN is not right. You can try again in {RETRY_DELAY:.0f} seconds.")
        self.set_timer(RETRY_DELAY, self._reopen)

    def _reopen(self) -> None:
        field = self.query_one(Input)
        field.disabled = False
        field.focus()
        self.query_one("#pin-message", Static).update("Try again.")
