"""The read-only views (watch, room, browser). ``build_viewer`` is their one factory.

A viewer never holds the meeting's lock and never writes the meeting: it follows the
group's meeting through ``roomtui.views.follow.Follower``, polling a few times a second,
which keeps every change on screen well within a second of the facilitator's key.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.binding import Binding

from roomtui.session import Clock
from roomtui.storage import locations
from roomtui.ui.hangup import arm_exit_fallback, terminal_gone
from roomtui.ui.steady import SteadyApp
from roomtui.views.follow import Follower, Snapshot
from roomtui.views.serve import SERVE_PID_ENV

WATCH = "watch"
ROOM = "room"
#: Seconds between a browser view's looks at whether serve is still its parent.
PARENT_CHECK_SECONDS = 1.0


class ViewerApp(SteadyApp, App[None]):
    """Follows one group's meeting; the screen decides what of it to show."""

    CSS_PATH = ["app.tcss", "views.tcss"]
    TITLE = "roomtui"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, id="view.quit")]

    def __init__(
        self,
        root: Path,
        group: str | None,
        mode: str,
        clock: Clock = time.time,
        browser: bool = False,
        log_path: Path | None = None,
        group_id: str | None = None,
    ) -> None:
        super().__init__()
        self.root = root
        self.mode = mode
        self.clock = clock
        self.browser = browser
        self.follower = Follower(root, group, group_id=group_id)
        self.snapshot = Snapshot("waiting", group_name=group or "")
        if log_path is not None:
            # As in the facilitator app: a crash's details go to the private log only.
            self._log_handle = locations.open_log(log_path)
            self.error_console = Console(file=self._log_handle, markup=False, highlight=False)

    @property
    def can_raise_hands(self) -> bool:
        """Only a co-facilitator's own terminal may; a browser view never writes."""
        return self.mode == WATCH and not self.browser

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        try:  # a closed terminal or a kill: leave the terminal tidy (nothing to save here)
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._on_signal)
        except (RuntimeError, NotImplementedError, ValueError):
            pass  # not the main thread (some test runners): the default handling stands
        from roomtui.ui.screens.room import RoomScreen
        from roomtui.ui.screens.watch import CoFacilitatorScreen

        if self.browser:
            from roomtui.ui.screens.watch import WatchScreen

            # serve checked the PIN before starting this process. Should serve die
            # without taking us along (its kill signal is Linux-only), we notice here.
            # serve names itself: a parent already gone before this line is noticed too.
            named = os.environ.get(SERVE_PID_ENV, "")
            self.serve_pid = int(named) if named.isdigit() else os.getppid()
            self.set_interval(PARENT_CHECK_SECONDS, self._check_parent)
            self.push_screen(WatchScreen())
        elif self.mode == ROOM:
            self.push_screen(RoomScreen())
        else:
            self.push_screen(CoFacilitatorScreen())

    def poll(self) -> Snapshot:
        """Look at the files again; screens call this on their timer."""
        self.snapshot = self.follower.poll()
        return self.snapshot

    def _check_parent(self) -> None:
        if os.getppid() != self.serve_pid:
            self.exit()

    ended_by_signal = False

    def _on_signal(self) -> None:
        self.ended_by_signal = True
        if not self.is_headless:
            arm_exit_fallback()  # a reader holds nothing to lose (see ui/hangup.py)
        self.exit()

    def on_unmount(self) -> None:
        self.follower.close()
        # the terminal may be gone: never hang after saving (see ui/hangup.py)
        if not self.is_headless and (self.ended_by_signal or terminal_gone()):
            arm_exit_fallback()


def build_viewer(
    data_dir: str | Path | None = None,
    group: str | None = None,
    mode: str = WATCH,
    clock: Clock = time.time,
    browser: bool = False,
    group_id: str | None = None,
) -> ViewerApp:
    root = locations.data_dir(data_dir)
    return ViewerApp(
        root, group, mode, clock, browser=browser, log_path=locations.log_file(root),
        group_id=group_id,
    )
