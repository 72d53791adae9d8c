"""Screens that close on a key close once: the base every such screen is built on.

Keys arrive in bursts (two keys pressed together, a key held down, a paste). Textual
queues them, so a screen can handle a second key *after* the first one dismissed it.
``Screen.dismiss`` does not check that the screen is still on top: it pops whatever is
(``ScreenStackError`` with only the live screen left, or silently closing the screen the
first key opened). Found by the monkey test: ``m``, Enter, then ``1 2 3`` sent at once
stopped the app with exit 70. The same happens to every screen that dismisses from a
message (Enter twice on a list: two ``OptionSelected``; Enter twice in a prompt).

So a screen here dismisses at most once, only while it is the top screen, and once it
is closing it takes no more keys and runs no more actions.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.app import ScreenStackError
from textual.await_complete import AwaitComplete
from textual.message import Message
from textual.screen import ModalScreen, Screen

ResultType = TypeVar("ResultType")


class DismissOnce:
    """Mixed in before a Textual ``Screen`` class (see the two classes below)."""

    closing: bool = False
    """True from the first dismiss on: later keys and messages find it closed."""

    def dismiss(self, result=None) -> AwaitComplete:  # type: ignore[no-untyped-def]
        app = self.app  # type: ignore[attr-defined]
        if self.closing or not self.is_active or len(app.screen_stack) <= 1:  # type: ignore
            return AwaitComplete.nothing()
        self.closing = True
        try:
            return super().dismiss(result)  # type: ignore[misc]
        except ScreenStackError:  # taken down meanwhile (a group switch, the app quitting)
            return AwaitComplete.nothing()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No binding of a closing screen runs (a burst of keys reaches it late)."""
        if self.closing:
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]

    def check_message_enabled(self, message: Message) -> bool:
        """A closing screen takes no more keys."""
        if self.closing and isinstance(message, events.Key):
            return False
        return super().check_message_enabled(message)  # type: ignore[misc]

    def on_screen_resume(self) -> None:
        """Shown again (pushed anew): it can close again."""
        self.closing = False


class DismissOnceScreen(DismissOnce, Screen[ResultType]):
    """A full screen that closes on a key, once."""


class DismissOnceModal(DismissOnce, ModalScreen[ResultType]):
    """A dialog over the screen below that closes on a key, once."""
