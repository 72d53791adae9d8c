"""The Trends view in a real terminal at 80x24 with colour off (NO_COLOR)."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.report_scenes import four_meetings
from tests.tmux import Tmux

ROOMTUI = str(Path(sys.executable).with_name("roomtui"))
_COLOUR = re.compile(r"\x1b\[([0-9;]*)m")

pytestmark = pytest.mark.process


#: 256-colour indexes that are greys: the grey ramp, and the cube's r = g = b corners.
GREYS = set(range(232, 256)) | {0, 7, 8, 15, 16, 59, 102, 145, 188, 231}


def colours(screen: str) -> list[str]:
    """Every colour the terminal was told to use that is not a grey (tmux sends 256)."""
    found = []
    for params in _COLOUR.findall(screen):
        parts = params.split(";")
        for i, part in enumerate(parts):
            if part in ("38", "48") and parts[i + 1:i + 2] == ["5"]:
                if int(parts[i + 2]) not in GREYS:
                    found.append(params)
            elif part in ("38", "48") and parts[i + 1:i + 2] == ["2"]:
                r, g, b = (int(p) for p in parts[i + 2:i + 5])
                if not r == g == b:
                    found.append(params)
    return found


def test_trends_at_80x24_with_colour_off(tmp_path):
    data = tmp_path / "data"
    four_meetings(data, FakeClock())
    term = Tmux(80, 24)
    try:
        term.start(f"env NO_COLOR=1 TZ=UTC {ROOMTUI} review --data-dir {data}; "
                   "echo EXIT=$?; sleep 60")
        term.wait_for("5 meetings.")
        for _ in range(20):  # keys sent while the app still sets the terminal up can be lost
            term.keys("t")
            time.sleep(0.5)
            if "Trends ·" in term.screen():
                break
        screen = term.wait_for("4 (2 new)")
        assert "2026-11-25 Wed" in screen and "░" in screen and "█ returning" in screen
        term.keys("2")
        screen = term.wait_for("60 of 90 min (-30)")
        assert "┃" in screen
        painted = term._tmux("capture-pane", "-p", "-e", "-t", "main").stdout
        assert "\x1b[" in painted and colours(painted) == []  # painted, in greys only
        term.keys("q")
        term.wait_for("5 meetings.")
        term.keys("q")
        term.wait_for("EXIT=0")
    finally:
        term.kill()
