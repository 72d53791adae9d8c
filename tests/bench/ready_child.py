"""Child process for the ready-on-screen benchmark: prints READY <rss_kb> at first paint.

Usage: python -m tests.bench.ready_child bare|roomtui DATA_DIR
"""

from __future__ import annotations

import os
import sys


def rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> None:
    kind, data = sys.argv[1], sys.argv[2]
    if kind == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Static

        class Bare(App):
            def compose(self) -> ComposeResult:
                yield Static("hello")
                yield Footer()

            def on_mount(self) -> None:
                self.set_interval(1.0, self.refresh)

            def on_ready(self) -> None:
                self.call_after_refresh(self._report_ready)

            def _report_ready(self) -> None:
                os.write(1, f"READY {rss_kb()}\n".encode())  # print() is captured by Textual
                self.exit()

        Bare().run(headless=True, size=(120, 40))
    else:
        from roomtui.ui.app import FacilitatorApp, build_app

        class Timed(FacilitatorApp):
            def on_ready(self) -> None:
                self.call_after_refresh(self._report_ready)

            def _report_ready(self) -> None:
                os.write(1, f"READY {rss_kb()}\n".encode())  # print() is captured by Textual
                self.exit()

        app = build_app(data, app_class=Timed)
        app.run(headless=True, size=(120, 40))


if __name__ == "__main__":
    main()
