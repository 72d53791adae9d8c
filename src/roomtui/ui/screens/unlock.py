"""Asking for a group's passphrase before its notes are opened: a calm, quiet screen.

Hidden input, three tries, then a clear way out (nothing is opened or changed). The
keys it returns live in memory only. ``UnlockApp`` runs the screen on its own before
the facilitator app or the review opens (see ``ask``), so no meeting is read until the
passphrase is right.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from roomtui.storage import protect
from roomtui.storage.crypto import Damaged, Keyring, WrongPassphrase
from roomtui.ui.roomtui_app import RoomtuiApp
from roomtui.ui.screens.base import DismissOnceScreen

TRIES = 3


class UnlockScreen(DismissOnceScreen[Keyring | None]):
    """Returns the group's keys, or None when the person chose not to unlock."""

    BINDINGS = [Binding("escape", "leave", "Leave", tooltip="Go without opening the notes",
                        id="unlock.leave")]
    DEFAULT_CSS = """
    UnlockScreen { align: center middle; }
    #unlock-body { width: 64; max-width: 100%; height: auto; padding: 1 2;
                   border: round $primary-muted; }
    #unlock-body .title { text-style: bold; margin-bottom: 1; }
    #unlock-body Input { margin: 1 0; }
    #unlock-message { color: $text-warning; height: auto; }
    #unlock-body .keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, group: dict, leave_label: str = "close roomtui",
                 opener: Callable[[dict, str], Keyring] = protect.unlock_group) -> None:
        super().__init__()
        self.group = group
        self.leave_label = leave_label
        self.opener = opener
        self.wrong = 0

    def compose(self) -> ComposeResult:
        name = "".join(ch for ch in str(self.group.get("name", "")) if ch.isprintable())
        with Vertical(id="unlock-body"):
            yield Static(f"The notes of “{name}” are locked", classes="title", markup=False)
            yield Static("Type the group's passphrase to open them. Names, turns and times "
                         "are not locked.", markup=False)
            yield Input(id="unlock-input", password=True, placeholder="passphrase")
            yield Static("", id="unlock-message", markup=False)
            yield Static(f"enter  open        escape  {self.leave_label}", classes="keys",
                         markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#unlock-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one(Input)
        if field.disabled:
            return
        field.disabled = True  # one try at a time: scrypt takes a moment, on purpose
        self.query_one("#unlock-message", Static).update("Opening…")
        self._try(event.value)

    @work(thread=True, exclusive=True)
    def _try(self, passphrase: str) -> None:
        try:
            keys = self.opener(self.group, passphrase)
        except WrongPassphrase:
            keys = None
        except Damaged:
            self.app.call_from_thread(self._tried, None, True)
            return
        self.app.call_from_thread(self._tried, keys, False)

    def _tried(self, keys: Keyring | None, damaged: bool) -> None:
        if not self.is_current:
            return  # left with escape while the passphrase was being tried
        field = self.query_one(Input)
        message = self.query_one("#unlock-message", Static)
        if damaged:
            message.update("This group's lock in groups.json is damaged, so the notes cannot "
                           f"be opened. Nothing was changed. Press escape to "
                           f"{self.leave_label}.")
            return
        field.value = ""
        if keys is not None:
            self.dismiss(keys)
            return
        self.wrong += 1
        left = TRIES - self.wrong
        if left > 0:
            field.disabled = False
            field.focus()
            message.update(f"That passphrase does not open these notes. "
                           f"{left} {'try' if left == 1 else 'tries'} left.")
            return
        message.update(f"Three tries did not open the notes. Nothing was opened or changed. "
                       f"Press escape to {self.leave_label}; the passphrase is the only key.")

    def action_leave(self) -> None:
        self.dismiss(None)


class UnlockApp(RoomtuiApp[Keyring | None]):
    """Only the unlock screen, run before the app that needs the keys."""

    def __init__(self, group: dict, leave_label: str = "close roomtui") -> None:
        super().__init__()
        self.group = group
        self.leave_label = leave_label

    def on_mount(self) -> None:
        self.push_screen(UnlockScreen(self.group, self.leave_label), self.exit)


def ask(group: dict, leave_label: str = "close roomtui") -> Keyring | None:
    """The group's keys, asked on the terminal; None when the person left without them."""
    return UnlockApp(group, leave_label).run()
