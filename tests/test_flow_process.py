"""Closing the terminal and starting again at once, in a real terminal (tmux)."""

from __future__ import annotations

import time

from tests.test_process_app import meeting_on_disk, pytestmark  # noqa: F401
from tests.tmux import EXITED, ROOMTUI, process_gone, start_app, wait_gone, wait_on

#: The issue's bar: the app is gone within a second of its terminal closing.
GONE_WITHIN = 1.0


def test_the_terminal_closes_the_app_is_gone_within_a_second_and_a_restart_resumes(tmux, data):
    app = start_app(tmux, data)
    app.add("Ana", "Ana")
    app.keys("b")
    app.wait_for("The meeting has begun", why="the begin")
    events = meeting_on_disk(data).events

    tmux.run("kill-session", "-t", app.name)  # SIGHUP: the window is closed
    closed = time.monotonic()
    while not process_gone(app.pid):
        assert time.monotonic() - closed < GONE_WITHIN + 1.0, "still running"
        time.sleep(0.02)
    took = time.monotonic() - closed
    print(f"gone {took:.2f} s after the terminal closed")
    assert took <= GONE_WITHIN

    again = start_app(tmux, data)  # at once: the group is free, or waited for
    again.wait_for("Resumed where you left off", why="the resume")
    again.wait_for("1  Ana", why="the queue as it was")
    assert meeting_on_disk(data).events == events


def test_a_start_waits_a_moment_for_a_roomtui_that_is_closing(tmux, data):
    from roomtui.session import open_session

    first = start_app(tmux, data)
    tmux.run("kill-session", "-t", first.name)
    wait_gone(first.pid)
    holder = open_session(data)  # as a closing roomtui would still hold the group
    app = tmux.start(str(ROOMTUI), "--data-dir", str(data))
    app.wait_for("waiting up to", why="the start says it waits")
    holder.close()  # the other roomtui lets go
    app.wait_for(lambda s: "Queue" in s and "a Add" in s, why="then it opens")


def test_a_paste_bigger_than_a_read_chunk_is_kept_whole(tmux, data, tmp_path):
    """1,900 CJK characters are 5.7 KB of UTF-8: more than a terminal read of 4 KB."""
    app = start_app(tmux, data)
    text = "悲" * 950 + "\n" + "伤" * 950
    buffer = tmp_path / "paste.txt"
    buffer.write_text(text, encoding="utf-8")
    app.keys("o")
    app.wait_for("Enter saves", why="the note bar")
    tmux.run("load-buffer", "-b", "big", str(buffer))
    tmux.run("paste-buffer", "-p", "-b", "big", "-t", app.name)  # bracketed, as terminals do
    app.wait_for("悲悲悲", why="the paste in the field")
    assert meeting_on_disk(data).state.notes == []  # its newline did not save a fragment
    app.keys("Enter")
    notes = wait_on(lambda: meeting_on_disk(data).state.notes, bool, 20, why="the note saved")
    assert len(notes) == 1 and notes[0].text == "悲" * 950 + " " + "伤" * 950


def test_ctrl_q_at_any_moment_of_the_start_quits_cleanly(tmux, data):
    """Found by the monkey: ctrl+q while the live screen was still mounting left it
    drawing into widgets already gone (NoMatches '#closing', exit 70). The moments are
    the input here: each start gets its ctrl+q a little later than the last."""
    for n, moment in enumerate((0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)):
        app = tmux.start(str(ROOMTUI), "--data-dir", str(data))
        time.sleep(moment)
        app.keys("C-q")  # pressed again below: a press before the terminal is raw is lost
        for _ in range(20):
            if EXITED.search(app.screen()):
                break
            time.sleep(0.5)
            app.keys("C-q")
        status, shown = app.wait_exit()
        assert status == 0, (n, moment, shown)
    assert "Traceback" not in (data / "roomtui.log").read_text(encoding="utf-8")
