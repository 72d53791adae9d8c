"""SIGTERM, SIGHUP and a closed terminal while each main screen is open: a clean end, nothing lost.

The meeting is written before the app starts (Ana spoke, Ben speaks, a note), so each
case is one app start (~3 s). Every screen gets one way of ending, the three ways in
turn, so all screens and all three endings are covered in one start per screen, not three;
the ending itself goes through one handler (``FacilitatorApp._on_signal``) whatever screen is
on top, and a closed pane is SIGHUP from the kernel. The risk per screen is what it
holds half-done: a typed name (add prompt), a draft attendance, the roster editor, the
confirm-end modal; none of it is confirmed, so none of it may appear on disk, and
nothing confirmed may go.
"""

from __future__ import annotations

import os
import signal

import pytest

from roomtui.session import open_session
from roomtui.storage import GroupBook, MeetingIndex, locations
from roomtui.ui.keymap import LIVE_KEYS
from tests.test_process_app import crashes_logged, meeting_on_disk, start_app, wait_gone

pytestmark = pytest.mark.process

#: (id, keys to open the screen, text to wait for, half-done typing)
SCREENS = [
    ("live", [], "a Add", None),
    ("help", ["?"], "Keys  (any of escape", None),
    ("confirm-end", ["e"], "y  yes", None),
    ("add-prompt", ["a"], "Add to queue:", "Half Typed"),
    ("notes", ["O"], "Notes  (private", None),
    ("formats", ["f"], "Meeting formats", None),
    ("groups", ["l"], "Groups on this laptop", None),
    ("roster", ["R"], "Roster of", None),
    ("attendance", ["w"], "Who is here", None),
]
#: The quiet-mode screens, where the build has them (keys from ui/keymap.py's table).
QUIET_SCREENS = [
    ("agreements", "agreements", ["g"], "Our group agreements", None),
    ("quiet-chooser", "quiet", ["m"], "Quiet mode: choose a prompt", None),
    ("care-pause", "care_pause", ["!"], "Care pause since", None),
]
SCREENS += [(name, keys, wait, typed) for name, action, keys, wait, typed in QUIET_SCREENS
            if action in {key.action for key in LIVE_KEYS}]
ENDINGS = ["SIGTERM", "SIGHUP", "kill-pane"]
CASES = [pytest.param(keys, wait, typed, ENDINGS[i % 3], id=f"{name}-{ENDINGS[i % 3]}")
         for i, (name, keys, wait, typed) in enumerate(SCREENS)]


def seed_meeting(data_dir) -> None:
    session = open_session(data_dir)
    try:
        m = session.meeting
        for make in (lambda at: m.queue("Ana", at), lambda at: m.queue("Ben", at),
                     lambda at: m.next(at), lambda at: m.next(at),
                     lambda at: m.add_note("a private theme", at)):
            session.record(make(session.now()))
    finally:
        session.close()


@pytest.mark.parametrize(("keys", "wait", "typed", "ending"), CASES)
def test_ending_on_any_screen_is_clean_and_keeps_everything(tmux, data, keys, wait, typed,
                                                            ending):
    seed_meeting(data)
    seeded = meeting_on_disk(data).events

    app = start_app(tmux, data)
    for key in keys:
        app.keys(key)
    app.wait_for(wait, why=f"the screen opened by {keys}")
    if typed:
        app.type(typed)
        app.wait_for(typed)
    before = meeting_on_disk(data).events  # a care pause is an event of its own
    assert before[: len(seeded)] == seeded
    groups_before = GroupBook(locations.groups_file(data), readonly=True).all()

    if ending == "kill-pane":
        tmux.run("kill-pane", "-t", app.name)
        wait_gone(app.pid)
    else:
        os.kill(app.pid, getattr(signal, ending))
        code, shown = app.wait_exit()
        assert code == 0, shown
        assert "Saved. The meeting resumes" in shown
        assert "Traceback" not in shown

    after = meeting_on_disk(data)
    assert after.events == before  # nothing lost, nothing half-done added
    assert after.state.is_open
    assert GroupBook(locations.groups_file(data), readonly=True).all() == groups_before
    assert len(MeetingIndex(locations.index_file(data), readonly=True).all()) == 1
    assert "Traceback" not in crashes_logged(data)
