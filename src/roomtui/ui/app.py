"""The facilitator app. ``build_app`` is the one factory: the command line and tests use it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from roomtui.session import Clock, Session, open_session
from roomtui.storage import locations
from roomtui.ui.hangup import arm_exit_fallback
from roomtui.ui.keymap import APP_KEYS, LIVE_KEYS, Key
from roomtui.ui.roomtui_app import RoomtuiApp
from roomtui.ui.screens.live.screen import LiveScreen

#: After the terminal closes (SIGHUP), the most the process lives on.
HANGUP_GRACE = 0.6


class FacilitatorApp(RoomtuiApp[None]):
    """Runs one group's meeting. Holds the session; screens read it and act through it
    (``InFacilitatorApp`` in ui/typed_app.py)."""

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, tooltip=APP_KEYS[1].help,
                        id="quit")]

    def __init__(self, session: Session, log_path: Path | None = None) -> None:
        super().__init__(log_path)
        self.session = session
        self.log_path = log_path
        self.sub_title = session.state.group
        self.use_keymap(session.root)

    def get_default_screen(self) -> Screen:
        """The live screen is the app's first screen: no blank screen drawn before it."""
        return LiveScreen()

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

    def arm_signal_fallback(self, sig: int) -> None:
        """Every action is already durable, so ending after the grace period loses nothing.

        After SIGHUP the terminal is gone: nothing to restore on it. Let go of the meeting
        now (all is on disk) so a restart finds the group free, and be gone within a
        second even if Textual's shutdown blocks on the dead terminal.
        """
        if sig == signal.SIGHUP:
            self.close_session()
            arm_exit_fallback(grace=HANGUP_GRACE)
        else:
            super().arm_signal_fallback(sig)

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
        self.close_session()  # before the base's on_unmount arms any fallback


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
