"""SIGSTOP/SIGCONT (not a ctrl+z) leaves the app working: keys reach it and ctrl+q quits.

Found by the monkey (issue 19): Textual took every SIGCONT for the end of a ctrl+z and
started one more input thread each time; afterwards ctrl+q did nothing, or the app hung
on the way out (see ui/stopcont.py). A real process in tmux, as the monkey plays it.
"""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from tests.tmux import Tmux

pytestmark = pytest.mark.process


def pane(tmux: Tmux, what: str) -> str:
    return tmux._tmux("list-panes", "-t", "main", "-F", what).stdout.strip()


def exit_status(tmux: Tmux, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pane(tmux, "#{pane_dead}") == "1" and pane(tmux, "#{pane_dead_status}"):
            return pane(tmux, "#{pane_dead_status}")
        time.sleep(0.2)
    return "still running"


@pytest.fixture
def room(tmp_path):
    tmux = Tmux(80, 24)
    cmd = f"exec {sys.executable} -m roomtui room --data-dir {tmp_path / 'data'}"
    tmux._tmux("new-session", "-d", "-s", "main", "-x", "80", "-y", "24", "sleep 600")
    tmux._tmux("set-option", "-g", "remain-on-exit", "on")
    tmux._tmux("respawn-pane", "-k", "-t", "main", cmd)
    tmux.wait_for("The meeting will begin soon.")
    yield tmux, int(pane(tmux, "#{pane_pid}"))
    tmux.kill()


@pytest.mark.serial  # under 4 busy workers the pane went blank and ctrl+q went unanswered
def test_stop_and_continue_three_times_then_ctrl_q_quits(room):
    tmux, pid = room
    for _ in range(3):
        os.kill(pid, signal.SIGSTOP)
        tmux.keys("Up", "7", "Enter", "w", "4")  # keys wait in the terminal meanwhile
        time.sleep(0.3)
        os.kill(pid, signal.SIGCONT)
        time.sleep(0.5)
    tmux.keys("C-q")
    assert exit_status(tmux) == "0", tmux.screen()


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
