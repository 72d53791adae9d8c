"""The share timer in a real roomtui process (tmux): stopped with SIGSTOP, killed with -9.

The timer must show real time since the share began, as stored on disk: a process that
was stopped (as a laptop suspend stops it) counts that time as elapsed, because the
meeting went on in the room; a restart after kill -9 carries on from the stored start.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from roomtui.storage import MeetingLog
from tests.screen import read_big
from tests.tmux import START_DEADLINE, App, Terminal, start_app

pytestmark = [pytest.mark.process, pytest.mark.needs("tmux")]

#: Every share-timer reading the tests can meet, as the big digits draw them.
READINGS = [f"{m}:{s:02d}" for m in range(3, -1, -1) for s in range(59, -1, -1)
            if m * 60 + s <= 180]
# The screen shows whole seconds rounded up and redraws once a second.
TOLERANCE = 2.5


def share_started_at(data: Path) -> float:
    """When the current share began, as stored on disk."""
    (path,) = (data / "meetings").glob("*.json")
    events = MeetingLog(path, readonly=True).events()
    return [e for e in events if e["type"] == "next"][-1]["at"]


def reading(screen: str) -> int:
    """The share timer's seconds as drawn (a large number while none is drawn)."""
    shown = read_big(screen, READINGS)
    if shown is None:
        return 10**6
    minutes, seconds = shown.split(":")
    return int(minutes) * 60 + int(seconds)


def shown_left(app: App) -> tuple[float, float]:
    """(seconds left as shown, when it was read)."""
    screen = app.wait_for(lambda s: "3:00 limit" in s and read_big(s, READINGS) is not None,
                          why="the share timer")
    return reading(screen), time.time()


def start_a_share(tmux: Terminal, data: Path) -> App:
    app = start_app(tmux, data)
    app.add("Ana", "Ana")
    app.keys("n")
    app.wait_for(lambda s: "Ana  sharing" in s, why="Ana sharing")
    return app


def assert_real_time(app: App, started: float) -> float:
    left, at = shown_left(app)
    true_left = 180 - (at - started)
    assert abs(left - true_left) <= TOLERANCE, (left, true_left)
    return left


def test_sigstop_then_sigcont_counts_the_stopped_time(tmux, data):
    app = start_a_share(tmux, data)
    started = share_started_at(data)
    before = assert_real_time(app, started)
    os.kill(app.pid, signal.SIGSTOP)
    try:
        time.sleep(6)
    finally:
        os.kill(app.pid, signal.SIGCONT)
    # the first redraw after SIGCONT: the reading jumps by the stopped seconds
    app.wait_for(lambda s: reading(s) <= before - 5, why="the redraw after SIGCONT")
    after = assert_real_time(app, started)
    assert before - after >= 6 - TOLERANCE + 1  # the stopped seconds went by on screen too
    app.keys("space")  # and it still answers keys
    app.wait_for(lambda s: "paused" in s, why="the pause")


def test_kill_9_mid_share_then_restart_carries_on(tmux, data):
    app = start_a_share(tmux, data)
    started = share_started_at(data)
    time.sleep(3)
    assert_real_time(app, started)
    os.kill(app.pid, signal.SIGKILL)
    assert app.wait_exit()[0] == 128 + signal.SIGKILL  # roomtui did not outlive kill -9
    time.sleep(2)  # time passes while nothing runs
    again = start_app(tmux, data)
    again.wait_for(lambda s: "Resumed where you left off" in s, START_DEADLINE, "the resume")
    assert share_started_at(data) == started
    left = assert_real_time(again, started)
    assert left <= 180 - 5 + TOLERANCE
