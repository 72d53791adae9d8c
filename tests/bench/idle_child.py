"""Child process for the idle-CPU benchmark: a bare Textual app with a 1 Hz timer, or
roomtui with a share timer running. Writes ``READY`` to the given file descriptor once
the first frame is drawn, then runs until killed.

``watch`` and ``room`` follow the data folder's open meeting (tests/bench/idle_views.py
makes it and holds its lock, as the facilitator's app would).

Usage: python -m tests.bench.idle_child bare|roomtui|watch|room DATA_DIR READY_FD
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def share_running(data: Path, group: str | None):
    """An open meeting in Sharing, Ana's 3-minute share timer running and Ben and Cara
    waiting; the caller closes the session."""
    from roomtui.session import open_session

    session = open_session(data, group, new=True)
    meeting = session.meeting
    for _ in range(3):
        session.record(meeting.next_phase(time.time()))  # Sharing: 3-minute shares
    for name in ("Ana", "Ben", "Cara"):
        session.record(meeting.queue(name, time.time()))
    session.record(meeting.next(time.time()))
    return session


def main() -> None:
    kind, data, ready_fd = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])

    def ready() -> None:
        os.write(ready_fd, b"READY\n")

    if kind == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Static

        class Bare(App):
            """The floor: one line of text redrawn by a 1 Hz timer, and a footer."""

            def compose(self) -> ComposeResult:
                yield Static("", id="clock")
                yield Footer()

            def on_mount(self) -> None:
                self.set_interval(1.0, self.tick)

            def tick(self) -> None:
                self.query_one("#clock", Static).update(time.strftime("%H:%M:%S"))

            def on_ready(self) -> None:
                self.call_after_refresh(ready)

        Bare().run()
        return

    if kind in ("watch", "room"):
        import roomtui.ui.viewer
        from roomtui.storage import locations
        from roomtui.ui.viewer import ViewerApp

        class Follows(ViewerApp):
            CSS_PATH = [Path(roomtui.ui.viewer.__file__).parent / n for n in ViewerApp.CSS_PATH]

            def on_ready(self) -> None:
                self.call_after_refresh(ready)

        root = locations.data_dir(data)
        Follows(root, None, kind, log_path=locations.log_file(root)).run()
        return

    import roomtui.ui.app
    from roomtui.storage import locations
    from roomtui.ui.app import FacilitatorApp

    class Timed(FacilitatorApp):
        CSS_PATH = Path(roomtui.ui.app.__file__).parent / "app.tcss"

        def on_ready(self) -> None:
            self.call_after_refresh(ready)

    session = share_running(data, None)
    Timed(session, log_path=locations.log_file(data)).run()


if __name__ == "__main__":
    main()
