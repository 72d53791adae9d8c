"""The real facilitator app in real terminals (tmux): kill -9, a second app, SIGTERM, SIGHUP.

The terminals (``tests.tmux.Terminal``) run roomtui under a shell that prints its exit
status; everything waits by polling the screen against a deadline, never a fixed sleep.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from roomtui.meeting import Meeting
from roomtui.storage import MeetingIndex, MeetingLog, locations
from tests.tmux import (  # noqa: F401  (wait_gone: for test_signals_screens)
    DEADLINE,
    ROOMTUI,
    App,
    in_queue_anywhere,
    process_gone,
    start_app,
    wait_gone,
)

pytestmark = [pytest.mark.process, pytest.mark.needs("tmux")]

GUEST = "Zoë [bold]x[/]"


def speaking(name: str) -> re.Pattern:
    return re.compile(rf"│ {re.escape(name)}\s+sharing")


def in_queue(position: int, name: str) -> re.Pattern:
    return re.compile(rf"^\s*{position}\s+{re.escape(name)}(?=\s|$)", re.M)


def meeting_on_disk(data: Path) -> Meeting:
    rows = MeetingIndex(locations.index_file(data), readonly=True).all()
    assert len(rows) == 1, rows
    return Meeting(MeetingLog(locations.meeting_file(data, rows[0]["id"]), readonly=True).events())


def export_json(data: Path) -> dict:
    proc = subprocess.run(
        [str(ROOMTUI), "export", "latest", "--format", "json", "--data-dir", str(data)],
        capture_output=True, text=True, timeout=DEADLINE, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def crashes_logged(data: Path) -> str:
    log = locations.log_file(data)
    return log.read_text() if log.exists() else ""


def assert_resumed_as_before(app: App) -> None:
    """Ben speaking, Zoë (markup shown literally) waiting, Ana done once."""
    # The first frames may come in parts: wait for all of it on one screen.
    shown = app.wait_for(
        lambda s: speaking("Ben").search(s)
        and in_queue(1, GUEST).search(s)
        and "Resumed where you left off" in s,
        why="Ben speaking, the guest waiting, 'Resumed' after the restart",
    )
    assert not in_queue_anywhere("Ana").search(shown)
    assert not in_queue(2, GUEST).search(shown)  # in the queue once


def build_meeting(app: App) -> None:
    """Ana and Ben from the roster, a guest with markup in the name; Ana speaks, then Ben."""
    app.add("Ana", "Ana")
    build_meeting_after_ana(app)


def build_meeting_after_ana(app: App) -> None:
    """``build_meeting`` once Ana is in the queue."""
    app.add("Ben", "Ben")
    app.add(GUEST, GUEST)
    app.wait_for(in_queue(3, GUEST), why="the guest third, brackets shown literally")
    app.keys("n")
    app.wait_for(speaking("Ana"), why="Ana speaking")
    app.keys("n")
    app.wait_for(speaking("Ben"), why="Ben speaking")
    app.wait_for(in_queue(1, GUEST), why="the guest first in the queue")


def test_kill_9_then_restart_resumes_and_a_second_app_is_refused(tmux, data):
    first = start_app(tmux, data)
    first.add("Ana", "Ana")

    # A second facilitator app on the same group, while the first runs: refused.
    second = subprocess.run(
        [str(ROOMTUI), "--data-dir", str(data)],
        stdin=subprocess.PIPE, capture_output=True, text=True, timeout=20, env=tmux.env,
    )  # fmt: skip
    assert second.returncode == 3, (second.returncode, second.stdout, second.stderr)
    assert "already running" in second.stderr
    assert str(first.pid) in second.stderr  # says which process holds it
    assert "Traceback" not in second.stderr + second.stdout
    assert not process_gone(first.pid)  # the first app is untouched and goes on

    build_meeting_after_ana(first)

    os.kill(first.pid, signal.SIGKILL)
    assert first.wait_exit()[0] == 128 + signal.SIGKILL

    again = start_app(tmux, data)
    assert_resumed_as_before(again)

    exported = export_json(data)
    assert exported["group"] == "Starter group"
    assert exported["ended_at"] is None
    assert [(t["name"], t["kind"]) for t in exported["turns"]] == [("Ana", "share"), ("Ben", "share")]
    meeting = meeting_on_disk(data)
    state = meeting.state
    assert [t.name for t in state.turns] == ["Ana"]  # one finished turn for Ana
    assert state.current is not None and state.current.name == "Ben"  # Ben's, still open
    assert [e.name for e in state.queue] == [GUEST]
    assert GUEST in state.guests
    assert [e["type"] for e in meeting.events] == [
        "meeting_started", "queued", "queued", "queued", "meeting_begun", "next", "next",
    ]  # fmt: skip  (the first n begins the meeting: set-up time is not meeting time)
    assert "Traceback" not in crashes_logged(data)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_ends_the_app_cleanly_and_restart_shows_everything(tmux, data, sig):
    app = start_app(tmux, data)
    build_meeting(app)
    before = meeting_on_disk(data).events

    os.kill(app.pid, sig)
    code, shown = app.wait_exit()
    assert code == 0, shown  # a clean exit
    assert "Saved. The meeting resumes when you start roomtui again." in shown
    assert meeting_on_disk(data).events == before

    again = start_app(tmux, data)
    assert_resumed_as_before(again)
    assert meeting_on_disk(data).events == before
    assert "Traceback" not in crashes_logged(data)


def test_closing_the_terminal_ends_the_app_and_keeps_everything(tmux, data):
    """SIGHUP for real: the terminal (tmux session) goes away under the app."""
    app = start_app(tmux, data)
    build_meeting(app)
    before = meeting_on_disk(data).events

    tmux.run("kill-session", "-t", app.name)
    wait_gone(app.pid)
    assert meeting_on_disk(data).events == before

    again = start_app(tmux, data)
    assert_resumed_as_before(again)
    assert meeting_on_disk(data).events == before

    assert "Traceback" not in crashes_logged(data)  # a closed window is not a crash
