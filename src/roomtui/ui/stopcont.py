"""A plain SIGSTOP then SIGCONT leaves the app as it was (Textual 8.2.8 did not).

Textual's Linux driver treats every SIGCONT as the end of a ctrl+z suspend and starts
application mode again, with one more input thread each time. After a SIGSTOP that was
not a ctrl+z (``kill -STOP``, a debugger, a session manager freezing the terminal's
processes), those extra threads read the same terminal: keys went missing, ctrl+q no
longer quit, and a quit left the process hanging with the terminal restored. Found by
the monkey test (issue 19): three stop/continue cycles of ``roomtui room`` in tmux, then
ctrl+q, and the process was still there with nine threads.

``forward_sigcont_after_suspend`` wraps the driver's handlers (public ``signal`` calls
only): SIGTSTP is passed on as before and noted; SIGCONT reaches the driver only after
one, so ctrl+z and ``fg`` still work as Textual intends.
"""

from __future__ import annotations

import signal
import threading


def forward_sigcont_after_suspend() -> bool:
    """Install the wrappers (main thread, real terminal); False when there is nothing to wrap."""
    if threading.current_thread() is not threading.main_thread():
        return False
    on_tstp, on_cont = signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)
    if not callable(on_tstp) or not callable(on_cont):
        return False  # no driver handlers (headless tests): the defaults stand
    suspended = False

    def tstp(signum, frame) -> None:  # type: ignore[no-untyped-def]
        nonlocal suspended
        suspended = True
        on_tstp(signum, frame)

    def cont(signum, frame) -> None:  # type: ignore[no-untyped-def]
        nonlocal suspended
        if suspended:
            suspended = False
            on_cont(signum, frame)

    signal.signal(signal.SIGTSTP, tstp)
    signal.signal(signal.SIGCONT, cont)
    return True
