"""A real terminal: a care pause survives kill -9, and no name is on screen while it shows."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.tmux import Tmux

ROOMTUI = str(Path(sys.executable).with_name("roomtui"))


def pane_pid(term: Tmux, name: str) -> int:
    out = subprocess.run(["tmux", "-L", term.socket, "display-message", "-p", "-t", name,
                          "#{pane_pid}"], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


@pytest.mark.process
def test_care_pause_survives_kill_9_and_is_exported(tmp_path):
    data = tmp_path / "data"
    term = Tmux(100, 30)
    try:
        term.start(f"exec {ROOMTUI} --data-dir {data}", name="first")
        term.wait_for("Queue", name="first")
        term.keys("a", name="first")
        term.wait_for("Add to queue:", name="first")
        term.text("Zelda", name="first")
        term.keys("Enter", name="first")
        term.wait_for("New person: Zelda?", name="first")  # not on the roster: asked once
        term.keys("Enter", name="first")
        term.wait_for("Zelda is number 1", name="first")
        term.keys("n", name="first")
        term.wait_for("Zelda  sharing", name="first")
        share_started = time.time()
        term.keys("!", name="first")
        screen = term.wait_for("every timer is paused", name="first")
        assert "Zelda" not in screen and "Queue" not in screen
        os.kill(pane_pid(term, "first"), signal.SIGKILL)
        time.sleep(3)  # the pause goes on while nobody is looking
        term.start(f"exec {ROOMTUI} --data-dir {data}", name="second")
        screen = term.wait_for("every timer is paused", name="second")
        assert "Zelda" not in screen
        term.keys("Enter", name="second")
        screen = term.wait_for("Care pause over", name="second")
        assert "Zelda  sharing" in screen
        term.keys("C-q", name="second")
        time.sleep(1)
    finally:
        term.kill()
    out = subprocess.run([ROOMTUI, "export", "latest", "--format", "json", "--data-dir",
                          str(data)], capture_output=True, text=True, check=True)
    wall = time.time() - share_started
    data_out = json.loads(out.stdout)
    [pause] = data_out["pauses"]
    assert pause["kind"] == "care" and pause["follow_up"] is True and pause["seconds"] >= 3
    # Zelda's share stood still for the whole pause (kill -9 and restart included)
    assert data_out["turns"][0]["seconds"] <= wall - pause["seconds"] + 1.5
