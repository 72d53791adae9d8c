"""The read-only views (watch, room, browser). ``build_viewer`` is their one factory.

A viewer never holds the meeting's lock and never writes the meeting: it follows the
group's meeting through ``roomtui.views.follow.Follower``, polling a few times a second,
which keeps every change on screen well within a second of the facilitator's key.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from textual.binding import Binding

from roomtui.session import Clock
from roomtui.storage import locations
from roomtui.ui.roomtui_app import RoomtuiApp
from roomtui.views.follow import Follower, Snapshot
from roomtui.views.serve import SERVE_PID_ENV

WATCH = "watch"
ROOM = "room"
#: Seconds between a browser view's looks at whether serve is still its parent.
PARENT_CHECK_SECONDS = 1.0


class ViewerApp(RoomtuiApp[None]):
    """Follows one group's meeting; the screen decides what of it to show
    (``InViewerApp`` in ui/typed_app.py)."""

    CSS_PATH = ["app.tcss", "views.tcss"]
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
        super().__init__(log_path)  # a crash's details go to the private log only
        self.root = root
        self.mode = mode
        self.clock = clock
        self.browser = browser
        self.follower = Follower(root, group, group_id=group_id)
        self.snapshot = Snapshot("waiting", group_name=group or "")

    @property
    def can_raise_hands(self) -> bool:
        """Only a co-facilitator's own terminal may; a browser view never writes."""
        return self.mode == WATCH and not self.browser

    def on_mount(self) -> None:
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

    def on_unmount(self) -> None:
        self.follower.close()


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
