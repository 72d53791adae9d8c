"""The live screen's side of ``roomtui serve``: the browser PIN on request, and word of
wrong PINs and refused views.

The PIN is never on the main screen by itself (a laptop mirrored to a projector would
show it to the room): ``ctrl+k`` or the command palette says it on the message line,
which clears it again after ``PIN_SECONDS``. serve writes what it refused to a small
private file (``roomtui.views.serve.alerts_file``); a ``stat`` every ``ALERT_LOOK_SECONDS``
notices a new line, which the message line then says.
"""

from __future__ import annotations

import os

from roomtui.ui.typed_app import InFacilitatorApp
from roomtui.ui.widgets.sayline import SayLine
from roomtui.views import serve

#: Seconds the PIN stays on the message line.
PIN_SECONDS = 15.0
#: Seconds between two looks at serve's alerts file.
ALERT_LOOK_SECONDS = 2.0


class ServeNotices(InFacilitatorApp):
    """Mixed into the live screen (which provides ``say``)."""

    def on_mount(self) -> None:
        self._alert_mark = self._alerts_mark()
        self._alerts_said = len(self._alerts())  # older news is not repeated on start
        self.set_interval(ALERT_LOOK_SECONDS, self._look_for_alerts)

    def _where(self) -> tuple:
        session = self.session
        return session.root, session.group["id"]

    def _alerts(self) -> list[str]:
        return serve.read_alerts(*self._where())

    def _alerts_mark(self) -> tuple | None:
        try:
            st = os.stat(serve.alerts_file(*self._where(), make=False))
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_ino, st.st_size)

    def _look_for_alerts(self) -> None:
        mark = self._alerts_mark()
        if mark == self._alert_mark:
            return
        self._alert_mark = mark
        lines = self._alerts()
        if len(lines) < self._alerts_said:  # a new serve run began a new file
            self._alerts_said = 0
        if len(lines) > self._alerts_said:
            self._alerts_said = len(lines)
            self.say(f"Browser view: {lines[-1]}")

    def action_show_pin(self) -> None:
        pin = serve.showing_pin(*self._where())
        if pin is None:
            self.say("The browser view is not running. Start it in another terminal: "
                     "roomtui serve")
            return
        message = f"Browser view PIN {pin}  (hidden again in {PIN_SECONDS:.0f} s)"
        self.say(message)
        self.set_timer(PIN_SECONDS, lambda: self._hide_pin(message))

    def _hide_pin(self, message: str) -> None:
        line = self.query_one("#message", SayLine)
        if line.said == message:  # something else said since: leave it
            self.say("")
