"""SIGSTOP/SIGCONT (not a ctrl+z) leaves the app working: keys reach it and ctrl+q quits.

Found by the monkey (issue 19): Textual took every SIGCONT for the end of a ctrl+z and
started one more input thread each time; afterwards ctrl+q did nothing, or the app hung
on the way out (see ui/stopcont.py). A real process in tmux, as the monkey plays it.

roomtui runs under the shell wrapper of tests/tmux.py, not as the pane's own process, for
two reasons found under load (the test failed 3 runs in 4 with four xdist workers):

- tmux continues a pane process it sees stopped (``server_child_stopped`` sends SIGCONT
  at once), so a SIGSTOP to the pane's process never held: the keys did not wait;
- tmux 3.3a with libutempter can miss the pane process's exit: when it reads the pty's
  end first, it runs the utempter helper with SIGCHLD set to SIG_DFL, and an exit landing
  then is never reaped (a zombie: ``#{pane_dead}`` 1, ``#{pane_dead_status}`` empty for
  good). The app had quit (exit 0, its screen restored, hence the blank pane); the test
  waited for a status tmux would never give. The wrapper's shell reaps roomtui and prints
  its status instead.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.tmux import ROOMTUI, START_DEADLINE, Terminal, wait_on

pytestmark = pytest.mark.process


def state(pid: int) -> str:
    """The kernel's state letter for ``pid``: R/S running or sleeping, T stopped."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.needs("tmux")
def test_stop_and_continue_three_times_then_ctrl_q_quits(tmux: Terminal, data: Path):
    app = tmux.start(str(ROOMTUI), "room", "--data-dir", str(data))
    app.wait_for("The meeting will begin soon.", timeout=START_DEADLINE)
    for _ in range(3):
        os.kill(app.pid, signal.SIGSTOP)
        wait_on(lambda: state(app.pid), "T", 10, why="roomtui stopped")
        app.keys("Up", "7", "Enter", "w", "4")  # keys wait in the terminal meanwhile
        time.sleep(0.3)  # how long it stays stopped (the scenario, not a wait for anything)
        assert state(app.pid) == "T", "something continued roomtui behind the test's back"
        os.kill(app.pid, signal.SIGCONT)
        wait_on(lambda: state(app.pid), lambda s: s != "T", 10, why="roomtui continued")
    app.keys("C-q")
    code, shown = app.wait_exit(timeout=30)  # a loaded machine: generous, not a pause
    assert code == 0, shown


def test_sigcont_reaches_the_driver_only_after_a_suspend():
    """The wrapper itself, in this process: a plain SIGCONT is not passed on; a SIGCONT
    after a SIGTSTP (a ctrl+z suspend, then fg) is, once."""
    from roomtui.ui.stopcont import forward_sigcont_after_suspend

    calls: list[str] = []
    before = signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)
    signal.signal(signal.SIGTSTP, lambda *_: calls.append("tstp"))
    signal.signal(signal.SIGCONT, lambda *_: calls.append("cont"))
    try:
        assert forward_sigcont_after_suspend()
        os.kill(os.getpid(), signal.SIGCONT)  # a plain continue (the process never stopped)
        time.sleep(0.05)
        assert calls == []
        signal.getsignal(signal.SIGTSTP)(signal.SIGTSTP, None)  # as a suspend would
        os.kill(os.getpid(), signal.SIGCONT)
        time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGCONT)
        time.sleep(0.05)
        assert calls == ["tstp", "cont"]
    finally:
        signal.signal(signal.SIGTSTP, before[0])
        signal.signal(signal.SIGCONT, before[1])
