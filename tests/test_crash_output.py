"""A crash shows a short plain message with no meeting content; details go to a private log."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from roomtui.storage import locations
from tests.tmux import Tmux

CRASHER = """
import sys
from roomtui.ui.screens.live.screen import LiveScreen

def boom(self):
    raise RuntimeError("the queue broke")

LiveScreen.action_next = boom
from roomtui.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.process
def test_a_crash_prints_no_meeting_content(tmp_path):
    data = tmp_path / "data"
    script = tmp_path / "crasher.py"
    script.write_text(CRASHER)
    term = Tmux()
    try:
        term.start(f"{sys.executable} {script} --data-dir {data}; echo EXIT=$?; sleep 60")
        term.wait_for("Queue")
        term.keys("a")
        term.wait_for("Add to queue:")
        term.text("Zelda")
        term.keys("Enter")
        term.wait_for("New person: Zelda?")  # not on the roster: asked once
        term.keys("Enter")
        term.wait_for("Zelda is number 1")
        term.keys("n")
        screen = term.wait_for("EXIT=")
    finally:
        term.kill()
    assert "EXIT=70" in screen
    assert "stopped unexpectedly" in screen
    assert "Zelda" not in screen and "Traceback" not in screen
    log = locations.log_file(data)
    assert log.stat().st_mode & 0o777 == 0o600
    details = log.read_text()
    assert "RuntimeError" in details and "the queue broke" in details
    assert str(Path(log)) in screen.replace("\n", "")


VIEW_CRASHER = """
import sys
from {module} import {cls}

def boom(self):
    raise RuntimeError("the view broke")

{cls}.{action} = boom
from roomtui.cli import main
sys.exit(main(sys.argv[1:]))
"""

#: (command, module, screen class, its action, key that runs it, text once it is up)
VIEWS = [
    ("review", "roomtui.ui.review", "ReviewScreen", "action_open", "Enter", "Past meetings"),
    ("watch", "roomtui.ui.screens.watch", "CoFacilitatorScreen", "action_raise_hand", "h",
     "Xavier"),
]


@pytest.mark.process
@pytest.mark.parametrize(("command", "module", "cls", "action", "key", "ready"), VIEWS,
                         ids=[v[0] for v in VIEWS])
def test_a_crash_in_review_or_watch_prints_no_meeting_content(tmp_path, command, module, cls,
                                                              action, key, ready):
    from roomtui.session import open_session

    data = tmp_path / "data"
    session = open_session(data, "Xavier's circle")
    try:
        session.record(session.meeting.queue("Xavier", session.now()))
        session.record(session.meeting.add_note("Yolanda's secret", session.now()))
        if command == "review":
            session.record(session.meeting.end(session.now()))
    finally:
        session.close()
    script = tmp_path / "crasher.py"
    script.write_text(VIEW_CRASHER.format(module=module, cls=cls, action=action))
    term = Tmux()
    try:
        term.start(f"{sys.executable} {script} {command} --data-dir {data}; echo EXIT=$?; "
                   "sleep 60")
        term.wait_for(ready)
        term.keys(key)
        screen = term.wait_for("EXIT=")
    finally:
        term.kill()
    assert "EXIT=70" in screen
    assert "stopped unexpectedly" in screen
    assert "Xavier" not in screen and "Yolanda" not in screen and "Traceback" not in screen
    log = locations.log_file(data)
    assert log.stat().st_mode & 0o777 == 0o600
    assert "the view broke" in log.read_text()
