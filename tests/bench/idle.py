"""Idle CPU with a share timer running, against a bare Textual app with a 1 Hz timer.

Each app runs as a real process in its own pseudo-terminal (120x40), its output drained
as a terminal would; CPU seconds (user + system, from /proc) are read over the same
window once it has drawn its first frame. Goal: ratio at most 1.5.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOW = 20.0  # seconds of idle measured per app (CPU time is counted in 10 ms steps)
SETTLE = 2.0  # after the first frame, before measuring
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def _drain(fd: int, stop: threading.Event) -> None:
    while not stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return


def idle_run(kind: str, data: str, window: float = WINDOW) -> float:
    """CPU seconds one app uses over ``window`` seconds of idle in a pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    ready_r, ready_w = os.pipe()
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT),
           "ROOMTUI_DATA_DIR": data, "LANG": "C.UTF-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.idle_child", kind, data, str(ready_w)],
        stdin=slave, stdout=slave, stderr=slave, env=env, pass_fds=(ready_w,),
        start_new_session=True,
    )
    os.close(slave)
    os.close(ready_w)
    stop = threading.Event()
    drainer = threading.Thread(target=_drain, args=(master, stop), daemon=True)
    drainer.start()
    try:
        ready, _, _ = select.select([ready_r], [], [], 60)
        if not ready or not os.read(ready_r, 16).startswith(b"READY"):
            raise RuntimeError(f"{kind} did not draw its first frame")
        time.sleep(SETTLE)
        before = cpu_seconds(proc.pid)
        time.sleep(window)
        return cpu_seconds(proc.pid) - before
    finally:
        proc.kill()
        proc.wait(timeout=10)
        stop.set()
        drainer.join(timeout=2)
        os.close(master)
        os.close(ready_r)


def idle_cpu(window: float = WINDOW) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data:
        bare = idle_run("bare", data, window)
        ours = idle_run("roomtui", data, window)
    return {
        "idle_cpu_window_s": window,
        "idle_cpu_bare_s": bare,
        "idle_cpu_share_timer_s": ours,
        "idle_cpu_ratio": ours / bare if bare else float("inf"),
    }
