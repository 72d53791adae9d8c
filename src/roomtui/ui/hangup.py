"""A way out when the terminal is gone: after SIGHUP/SIGTERM the app must end, not hang.

Found by tests/test_signals_screens.py: when the terminal closed (tmux kill-pane) under
the formats screen, the app saved and closed its session, then Textual's shutdown
blocked for ever in its output writer (a stack dump showed the main thread in
``WriterThread.stop`` -> ``Queue.put`` and the writer in ``Queue.get``). The process
lived on as an orphan. By the time this is armed the session is closed (everything is
on disk, the lock released), so if the tidy shutdown has not finished within ``GRACE``
seconds the process simply ends.
"""

from __future__ import annotations

import os
import threading

GRACE = 5.0


def arm_exit_fallback(code: int = 0, grace: float = GRACE) -> threading.Timer:
    """End the process with ``code`` after ``grace`` seconds unless it has ended by then."""
    timer = threading.Timer(grace, os._exit, (code,))
    timer.daemon = True  # never keeps a finished process alive
    timer.start()
    return timer


def terminal_gone() -> bool:
    """True once the controlling terminal has hung up (window closed, pane killed)."""
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return True
    return False
