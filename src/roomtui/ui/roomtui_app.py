"""The one base of roomtui's apps: what the facilitator app, the review, the viewer (watch,
room, browser) and the unlock app all do, so each app file keeps only what is its own.

- A crash's traceback (Textual prints it with local variables, which could hold names,
  notes or a passphrase) goes to the private log, never the terminal, when the app is
  given one (``log_path``).
- SIGTERM and SIGHUP end the app cleanly (``end_on_signal``); once the terminal is gone
  Textual's shutdown can block on it, so a fallback ends the process after a grace
  period (ui/hangup.py). An app that holds something to let go of at once overrides
  ``arm_signal_fallback``.
- Steady under a burst of keys (issue 19): ctrl+p opens our ``Palette`` (ui/palette.py),
  which closes once and pages safely, and so does the colour chooser; once the app is
  quitting, keys are dropped (``e`` ``y`` ``f`` pressed at once ended the meeting and
  then opened the formats screen while the app took its screens down: NoMatches in its
  mount, exit 70; found by the monkey); a plain SIGSTOP/SIGCONT leaves the app as it was
  (ui/stopcont.py).

Textual calls the ``on_mount`` and ``on_unmount`` of every class of an app (the app's own
first, then this one's), so a subclass's handlers need not call these.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from textual import events
from textual.app import App

from roomtui.storage import locations
from roomtui.ui.hangup import arm_exit_fallback, terminal_gone
from roomtui.ui.keymap import remappable_ids
from roomtui.ui.keys_file import read_keymap
from roomtui.ui.palette import open_palette
from roomtui.ui.stopcont import forward_sigcont_after_suspend

ReturnType = TypeVar("ReturnType")

#: The signals that end an app cleanly: a kill, and the terminal closing.
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class RoomtuiApp(App[ReturnType]):
    """Every roomtui app builds on this (tests/test_app_base.py checks it)."""

    TITLE = "roomtui"

    def __init__(self, log_path: Path | None = None) -> None:
        super().__init__()
        self.theme = "textual-dark"  # before the first frame: set later, it restyles everything
        if log_path is not None:
            self._log_handle = locations.open_log(log_path)
            self.error_console = Console(file=self._log_handle, markup=False, highlight=False)

    keymap_overrides: dict[str, str] = {}
    """The keys keys.toml remaps (binding id -> keys); empty when it remaps none."""
    keymap_note: str = ""
    """What was wrong with keys.toml, said on the live screen; empty when nothing was."""

    def use_keymap(self, root: Path) -> None:
        """The facilitator's keys.toml in the data folder ``root``, applied to the bindings."""
        self.keymap_overrides, self.keymap_note = read_keymap(root, set(remappable_ids()))
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)

    # -- ending --------------------------------------------------------------------
    ended_by_signal = False
    """SIGTERM or SIGHUP ended the app (the terminal may be gone)."""

    def on_mount(self) -> None:
        forward_sigcont_after_suspend()
        try:
            loop = asyncio.get_running_loop()
            for sig in ENDING_SIGNALS:
                loop.add_signal_handler(sig, self.end_on_signal, sig)
        except (RuntimeError, NotImplementedError, ValueError):
            pass  # not the main thread (some test runners): the default handling stands

    def end_on_signal(self, sig: int) -> None:
        """SIGTERM / SIGHUP: end cleanly (every roomtui app keeps nothing unsaved).

        The fallback is armed here, not only at unmount: when the terminal has gone,
        Textual's shutdown can block before unmount is reached (see ui/hangup.py).
        """
        self.ended_by_signal = True
        if not self.is_headless:
            self.arm_signal_fallback(sig)
        self.exit(return_code=0)

    def arm_signal_fallback(self, sig: int) -> None:
        """The way out should the shutdown after ``sig`` hang (not called when headless)."""
        arm_exit_fallback()

    def on_unmount(self) -> None:
        # the terminal may be gone: never hang after saving (see ui/hangup.py)
        if not self.is_headless and (self.ended_by_signal or terminal_gone()):
            arm_exit_fallback()

    # -- steady under bursts of keys -------------------------------------------------
    @property
    def quitting(self) -> bool:
        """``exit`` has been called: the app is on its way out."""
        return self.return_code is not None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.quitting:
            return  # a key queued behind the one that quit opens nothing any more
        await super().on_event(event)

    def action_command_palette(self) -> None:
        """ctrl+p: our palette, steady under key bursts (see ui/palette.py)."""
        open_palette(self)

    def search_themes(self) -> None:
        """The colour chooser ("Colours" in the palette) is our steady palette too: Textual
        pushes its plain one, whose list a page key met before it was laid out
        (KeyError from OptionList._move_page; the monkey, seed 942835)."""
        from textual.theme import ThemeProvider

        from roomtui.ui.palette import Palette

        if self.quitting:
            return
        self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))
