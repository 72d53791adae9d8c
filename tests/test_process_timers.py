"""The share timer in a real roomtui process (tmux): stopped with SIGSTOP, killed with -9.

The timer must show real time since the share began, as stored on disk: a process that
was stopped (as a laptop suspend stops it) counts that time as elapsed, because the
meeting went on in the room; a restart after kill -9 carries on from the stored start.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from roomtui.storage import MeetingLog
from tests.screen import read_big

pytestmark = [
    pytest.mark.process,
    pytest.mark.needs("tmux"),
]

ROOMTUI = Path(sys.executable).parent / "roomtui"
START_DEADLINE = 40.0
DEADLINE = 20.0
#: Every share-timer reading the tests can meet, as the big digits draw them.
READINGS = [f"{m}:{s:02d}" for m in range(3, -1, -1) for s in range(59, -1, -1) if m * 60 + s <= 180]
# The screen shows whole seconds rounded up and redraws once a second.
TOLERANCE = 2.5


class Pane:
    """One roomtui in its own private tmux server; everything it started is ended."""

    def __init__(self, workdir: Path, data: Path) -> None:
        self.socket = f"roomtui-timers-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        conf = workdir / "tmux.conf"
        conf.write_text("set -g remain-on-exit on\n")
        self.base = ["tmux", "-u", "-L", self.socket, "-f", str(conf)]
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("TMUX", "TMUX_PANE", "ROOMTUI_DATA_DIR")}
        self.env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
        self.data = data
        self.pids: list[int] = []
        self.count = 0

    def tmux(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run([*self.base, *args], capture_output=True, text=True,
                              env=self.env, timeout=DEADLINE)
        if check and proc.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {proc.stderr}")
        return proc.stdout

    def start(self) -> int:
        self.count += 1
        self.name = f"app{self.count}"
        self.tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", self.name,
                  "-e", "LANG=C.UTF-8", str(ROOMTUI), "--data-dir", str(self.data))
        pid = int(self.tmux("list-panes", "-t", self.name, "-F", "#{pane_pid}").split()[0])
        self.pids.append(pid)
        return pid

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, test, timeout: float = DEADLINE, why: str = "") -> str:
        end = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if test(shown):
                return shown
            if time.monotonic() > end:
                pytest.fail(f"waited {timeout}s for {why}; the screen:\n{shown}")
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def close(self) -> None:
        self.tmux("kill-server", check=False)
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def pane(tmp_path):
    p = Pane(tmp_path, tmp_path / "data")
    yield p
    p.close()


def share_started_at(data: Path) -> float:
    """When the current share began, as stored on disk."""
    (path,) = (data / "meetings").glob("*.json")
    events = MeetingLog(path, readonly=True).events()
    return [e for e in events if e["type"] == "next"][-1]["at"]


def shown_left(pane: Pane) -> tuple[float, float]:
    """(seconds left as shown, when it was read)."""
    screen = pane.wait_for(lambda s: "3:00 limit" in s and read_big(s, READINGS) is not None,
                           why="the share timer")
    at = time.time()
    minutes, seconds = read_big(screen, READINGS).split(":")
    return int(minutes) * 60 + int(seconds), at


def start_a_share(pane: Pane) -> int:
    pid = pane.start()
    pane.wait_for(lambda s: "Queue" in s, START_DEADLINE, "the live screen")
    pane.keys("a")
    pane.wait_for(lambda s: "Add to queue:" in s, why="the add prompt")
    pane.tmux("send-keys", "-t", pane.name, "-l", "Ana")
    pane.keys("Enter")
    pane.wait_for(lambda s: re.search(r"1\s+Ana", s) is not None, why="Ana in the queue")
    pane.keys("n")
    pane.wait_for(lambda s: "Ana  sharing" in s, why="Ana sharing")
    return pid


def assert_real_time(pane: Pane, started: float) -> float:
    left, at = shown_left(pane)
    true_left = 180 - (at - started)
    assert abs(left - true_left) <= TOLERANCE, (left, true_left)
    return left


def test_sigstop_then_sigcont_counts_the_stopped_time(pane):
    pid = start_a_share(pane)
    started = share_started_at(pane.data)
    before = assert_real_time(pane, started)
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(6)
    finally:
        os.kill(pid, signal.SIGCONT)
    time.sleep(1.5)  # the next 1 s redraw
    after = assert_real_time(pane, started)
    assert before - after >= 6 - TOLERANCE + 1  # the stopped seconds went by on screen too
    pane.keys("space")  # and it still answers keys
    pane.wait_for(lambda s: "paused" in s, why="the pause")


def test_kill_9_mid_share_then_restart_carries_on(pane):
    pid = start_a_share(pane)
    started = share_started_at(pane.data)
    time.sleep(3)
    assert_real_time(pane, started)
    os.kill(pid, signal.SIGKILL)
    end = time.monotonic() + DEADLINE
    while pane.tmux("list-panes", "-t", pane.name, "-F", "#{pane_dead}").strip() != "1":
        assert time.monotonic() < end, "roomtui outlived kill -9"
        time.sleep(0.1)
    time.sleep(2)  # time passes while nothing runs
    pane.tmux("kill-session", "-t", pane.name, check=False)
    pane.start()
    pane.wait_for(lambda s: "Resumed where you left off" in s, START_DEADLINE, "the resume")
    assert share_started_at(pane.data) == started
    left = assert_real_time(pane, started)
    assert left <= 180 - 5 + TOLERANCE
