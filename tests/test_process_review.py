"""Real processes in a real terminal: review runs beside an open meeting, read only."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from roomtui.records import archive
from tests.tmux import Tmux

ROOMTUI = str(Path(sys.executable).with_name("roomtui"))

pytestmark = pytest.mark.process


def test_review_beside_an_open_meeting_never_takes_its_lock(tmp_path):
    data = tmp_path / "data"
    term = Tmux(110, 32)
    try:
        term.start(f"{ROOMTUI} --data-dir {data}; echo EXIT=$?; sleep 60")
        term.wait_for("Starter group")
        term.keys("o")
        term.wait_for("Note [theme]")
        term.text("f: bring the carers leaflet")
        term.keys("Enter")
        term.wait_for("Note saved (follow-up)")
        term.start(f"{ROOMTUI} review --data-dir {data}; echo EXIT=$?; sleep 60", name="review")
        screen = term.wait_for("1 meeting.", name="review")
        assert "Starter group" in screen and "open" in screen
        for _ in range(20):  # keys sent while the app still sets the terminal up can be lost
            term.text("/", name="review")
            time.sleep(0.5)
            if "Delete" not in term.screen(name="review"):  # the search box has the keys
                break
        term.text("carers", name="review")
        term.wait_for("1 meeting with notes matching “carers”", name="review")
        assert "bring the carers" in term.screen(name="review")
        term.keys("Enter", name="review")  # out of the search box, to the list
        term.wait_for("Delete", name="review")  # the list has the keys now (the footer says so)
        term.keys("x", name="review")
        term.wait_for("still open", name="review")
        term.keys("q", name="review")
        term.wait_for("EXIT=0", name="review")
        # the facilitator app kept its lock and keeps writing
        term.keys("o")
        term.text("second note")
        term.keys("Enter")
        term.wait_for("Note saved (theme)")
        term.keys("C-q")
        term.wait_for("EXIT=0")
    finally:
        term.kill()
    (item,) = archive.list_meetings(data)
    assert [n["text"] for n in item.row["notes"]] == ["bring the carers leaflet", "second note"]
