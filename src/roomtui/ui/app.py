"""The facilitator app. ``build_app`` is the one factory: the command line and tests use it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from rich.console import Console
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from roomtui.session import Clock, Session, open_session
from roomtui.storage import locations
from roomtui.ui.hangup import arm_exit_fallback, terminal_gone
from roomtui.ui.keymap import APP_KEYS, LIVE_KEYS, Key, remappable_ids
from roomtui.ui.keys_file import read_keymap
from roomtui.ui.screens.live.screen import LiveScreen
from roomtui.ui.steady import SteadyApp

#: After the terminal closes (SIGHUP), the most the process lives on.
HANGUP_GRACE = 0.6


class FacilitatorApp(SteadyApp, App[None]):
    """Runs one group's meeting. Holds the session; screens read it and act through it."""

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    TITLE = "roomtui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, tooltip=APP_KEYS[1].help,
                        id="quit")]

    def __init__(self, session: Session, log_path: Path | None = None) -> None:
        super().__init__()
        self.theme = "textual-dark"  # before the first frame: set later, it restyles everything
        self.session = session
        self.log_path = log_path
        if log_path is not None:
            # Textual prints a crash's traceback (with local variables, which could hold
            # names and notes) to error_console: send it to the private log, never the screen.
            self._log_handle = locations.open_log(log_path)
            self.error_console = Console(file=self._log_handle, markup=False, highlight=False)
        self.sub_title = session.state.group
        self.keymap_overrides, self.keymap_note = read_keymap(session.root, set(remappable_ids()))
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)

    def get_default_screen(self) -> Screen:
        """The live screen is the app's first screen: no blank screen drawn before it."""
        return LiveScreen()

    def on_mount(self) -> None:
        loop = None
        try:
            import asyncio

            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._on_signal, sig)
        except (RuntimeError, NotImplementedError, ValueError):
            pass  # not the main thread (some test runners): the default handling stands

    def use_session(self, session: Session, notice: str = "") -> None:
        """Carry on with another group's session (the old one is already closed);
        the fresh live screen says ``notice`` first."""
        self.session = session
        self.sub_title = session.state.group
        self.call_later(self._fresh_live_screen, notice)

    async def _fresh_live_screen(self, notice: str) -> None:
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.screen.start_over(notice)  # the first screen: always the live screen

    def _on_signal(self, sig: int) -> None:
        """SIGTERM / SIGHUP: everything is on disk already; end cleanly.

        The fallback is armed here, not only at unmount: when the terminal has gone,
        Textual's shutdown can block before unmount is reached (see ui/hangup.py).
        Every action is already durable, so ending after the grace period loses nothing.
        """
        self.ended_by_signal = True
        if not self.is_headless:
            if sig == signal.SIGHUP:
                # The terminal is gone: nothing to restore on it. Let go of the meeting
                # now (all is on disk) so a restart finds the group free, and be gone
                # within a second even if Textual's shutdown blocks on the dead terminal.
                self.close_session()
                arm_exit_fallback(grace=HANGUP_GRACE)
            else:
                arm_exit_fallback()
        self.exit(return_code=0)

    ended_by_signal = False

    def app_keys(self) -> list[Key]:
        return [key.remapped(self.keymap_overrides) for key in APP_KEYS]

    def live_keys(self) -> list[Key]:
        """The live screen's keys as this facilitator has them (keys.toml applied)."""
        return [key.remapped(self.keymap_overrides) for key in LIVE_KEYS]

    def get_system_commands(self, screen: Screen):
        """roomtui's actions only: every live-screen key, the colours, and quit.

        Textual's own entries are left out on purpose: its "Quit as soon as possible",
        "Keys" and "Maximize" speak of the program rather than the meeting, and its
        screenshot would write names to a file.
        """
        yield SystemCommand("Colours", "Choose roomtui's colour theme",
                            self.action_change_theme)
        if isinstance(screen, LiveScreen):
            for key in self.live_keys():
                yield SystemCommand(
                    f"{key.label}  ({key.shown})" if key.keys else key.label,
                    key.help,
                    lambda action=key.action: self.call_later(screen.run_action, action),
                )
        quit_key = self.app_keys()[1]
        yield SystemCommand(f"Quit  ({quit_key.shown})", quit_key.help, self.action_quit)

    _session_closed = False

    def close_session(self) -> None:
        """Close the session once (checkpoint, log, lock), whichever way the app ends."""
        if not self._session_closed:
            self._session_closed = True
            self.session.close()

    def on_unmount(self) -> None:
        self.close_session()
        # the terminal may be gone: never hang after saving (see ui/hangup.py)
        if not self.is_headless and (self.ended_by_signal or terminal_gone()):
            arm_exit_fallback()


def build_app(
    data_dir: str | Path | None = None,
    group: str | None = None,
    new: bool = False,
    clock: Clock = time.time,
    app_class: type[FacilitatorApp] = FacilitatorApp,
    keys=None,
) -> FacilitatorApp:
    """Open the group's meeting (resume or start) and make the app for it.

    A group with locked notes needs its ``keys`` (ui/screens/unlock.py), else
    ``protect.Locked`` is raised before anything is opened.
    """
    root = locations.data_dir(data_dir)
    session = open_session(root, group, new=new, clock=clock, keys=keys, await_begin=True)
    return app_class(session, log_path=locations.log_file(root))
