"""Storage that heals, item 1 and the bar: a fault at any step of an append leaves memory
following the disk, and the meeting loads after a restart (issue #11)."""

from __future__ import annotations

import errno

import pytest

from roomtui.session import open_session
from roomtui.storage import MeetingLog, locations
from tests.fault_append import ERRORS, STEPS, Fault, run_one


def test_a_failed_folder_fsync_after_the_rename_counts_the_event(tmp_path):
    """The reproduced bug: the file was replaced, the app said nothing changed, and the
    next event reused the seq, so the meeting was refused on the next start."""
    root = locations.data_dir(tmp_path / "data")
    clock = iter(range(1000, 2000)).__next__
    s = open_session(root, "G", clock=clock)
    with Fault("dirsync", errno.EIO, at=1):
        changed, said = s.attempt(lambda at: s.meeting.queue("Ana", at))
    assert changed
    assert "Saved, but the disk reported a problem" in said
    assert [e.name for e in s.state.queue] == ["Ana"]
    changed, said = s.attempt(lambda at: s.meeting.queue("Ben", at))
    assert (changed, said) == (True, "")
    s.close()
    events = MeetingLog(s._log.path).events()
    assert [e["seq"] for e in events] == list(range(len(events)))
    again = open_session(root, "G", clock=clock)
    assert [e.name for e in again.state.queue] == ["Ana", "Ben"]
    again.close()


@pytest.mark.parametrize("step", STEPS)
def test_a_fault_before_the_rename_changes_nothing(tmp_path, step):
    root = locations.data_dir(tmp_path / "data")
    clock = iter(range(1000, 2000)).__next__
    s = open_session(root, "G", clock=clock)
    before = MeetingLog(s._log.path).events()
    with Fault(step, errno.ENOSPC, at=1):
        changed, said = s.attempt(lambda at: s.meeting.queue("Ana", at))
    on_disk = MeetingLog(s._log.path).events()
    if step == "dirsync":
        assert changed and len(on_disk) == len(before) + 1
    else:
        assert not changed and "Nothing was changed" in said
        assert on_disk == before and s.meeting.events == before
    s.close()


@pytest.mark.parametrize("code", ERRORS, ids=lambda c: errno.errorcode[c])
@pytest.mark.parametrize("step", STEPS)
def test_fault_then_restart_loads_the_confirmed_events(tmp_path, step, code):
    for seed in (1, 2):
        out = run_one(locations.data_dir(tmp_path / f"d{seed}"), seed, step, code)
        assert out.fired, "the scripted meeting never reached the fault"
        assert out.problems == []
