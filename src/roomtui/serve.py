"""``roomtui serve``: the watch view in a browser through textual-serve, behind a PIN.

textual-serve has no login of its own, so roomtui adds three fences: it binds the
loopback address unless ``--lan`` is given; every browser view starts on a PIN screen
and shows nothing of the meeting until the PIN shown on the facilitator's screen is
entered; and each browser view is its own read-only ``roomtui watch --browser``
process, a reader that cannot raise hands or write anything.

The PIN is made fresh for every ``serve`` run and kept in a 0600 file in the data
folder, where the facilitator's app (same user, same laptop) reads it to display it.
While ``serve`` runs it holds a lock, so the facilitator's app shows the PIN only
while it is of use, and a second ``serve`` for the same group is refused.
"""

from __future__ import annotations

import errno
import secrets
import shlex
import socket
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from roomtui import locations
from roomtui.storage import WriterLock, atomic_write_bytes, ensure_dir, is_locked

PIN_DIGITS = 6
LOOPBACK = "127.0.0.1"
ALL_ADDRESSES = "0.0.0.0"
#: Seconds a browser view waits after a wrong PIN before it may try again.
RETRY_DELAY = 3.0
#: Wrong PINs one browser view may enter before it closes.
MAX_ATTEMPTS = 5
#: New browser views per minute: with MAX_ATTEMPTS this caps guessing at 50 PINs a
#: minute (about 0.45% of the million PINs over a 90-minute meeting).
VIEWS_PER_MINUTE = 10


class PortInUse(Exception):
    """Something already listens on the port."""


def pin_file(root: Path, group_id: str, make: bool = True) -> Path:
    folder = Path(root) / "serve"
    return (ensure_dir(folder) if make else folder) / f"{group_id}.pin"


def serve_lock(root: Path, group_id: str) -> Path:
    return locations.locks_dir(Path(root)) / f"{group_id}.serve.lock"


def new_pin(root: Path, group_id: str) -> str:
    """Make and store a fresh PIN (0600). Returns it."""
    pin = f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"
    atomic_write_bytes(pin_file(root, group_id), pin.encode("ascii"))
    return pin


def read_pin(path: Path) -> str | None:
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return text if text.isdigit() and len(text) == PIN_DIGITS else None


def pin_matches(path: Path, typed: str) -> bool:
    """Constant-time comparison with the stored PIN; no PIN stored means no entry."""
    pin = read_pin(path)
    return pin is not None and secrets.compare_digest(pin.encode(), typed.strip().encode())


def showing_pin(root: Path, group_id: str) -> str | None:
    """The PIN for the facilitator's screen, only while a ``serve`` for the group runs."""
    if not is_locked(serve_lock(root, group_id)):
        return None
    return read_pin(pin_file(root, group_id))


def check_port(host: str, port: int) -> None:
    """Raise PortInUse if the address is taken, before textual-serve tries it."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError as err:
        if err.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUse(str(err)) from None
        raise
    finally:
        probe.close()


def browser_command(root: Path, group_name: str, pin_path: Path) -> str:
    """The shell command textual-serve starts for each browser view."""
    parts = [
        sys.executable, "-m", "roomtui", "watch", "--browser",
        "--data-dir", str(root), "--group", group_name, "--pin-file", str(pin_path),
    ]
    return " ".join(shlex.quote(p) for p in parts)


def hold_serve_lock(root: Path, group_id: str) -> WriterLock:
    """Raises AlreadyOpen if another ``serve`` runs for this group."""
    return WriterLock(serve_lock(root, group_id)).acquire()


class OpenLimiter:
    """At most ``per_minute`` new browser views in any 60 seconds (guessing stays slow)."""

    def __init__(self, per_minute: int = VIEWS_PER_MINUTE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._opened: deque[float] = deque()

    def allow(self) -> bool:
        now = self.clock()
        while self._opened and now - self._opened[0] >= 60:
            self._opened.popleft()
        if len(self._opened) >= self.per_minute:
            return False
        self._opened.append(now)
        return True


def run_server(command: str, host: str, port: int, title: str) -> None:
    """Serve until interrupted. Imported late: only ``serve`` needs aiohttp."""
    from aiohttp import web
    from textual_serve.server import Server

    limiter = OpenLimiter()

    class LimitedServer(Server):
        """textual-serve, refusing new browser views beyond ``VIEWS_PER_MINUTE``."""

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not limiter.allow():
                raise web.HTTPTooManyRequests(text="Too many browser views; wait a minute.")
            return await super().handle_websocket(request)

    LimitedServer(command, host=host, port=port, title=title).serve()
