"""The follower behind watch, room and serve: a reader that copes with whatever happens."""

from __future__ import annotations

import json
import os

from roomtui.session import open_session
from roomtui.storage import MeetingLog, locations
from roomtui.views.follow import ENDED, LIVE, WAITING, Follower


def start(data_dir, clock, group="Tuesday circle", new=False):
    return open_session(data_dir, group, new=new, clock=clock)


def test_no_group_yet_is_a_waiting_snapshot_and_nothing_is_written(data_dir):
    data_dir.mkdir(parents=True)
    snap = Follower(data_dir, "Tuesday circle").poll()
    assert snap.status == WAITING and snap.state is None
    assert "Waiting for “Tuesday circle” to begin a meeting" in snap.message
    assert not locations.groups_file(data_dir).exists()
    assert not locations.index_file(data_dir).exists()


def test_follows_the_open_meeting_and_sees_every_change(data_dir, clock):
    session = start(data_dir, clock)
    follower = Follower(data_dir, "tuesday CIRCLE")
    snap = follower.poll()
    assert snap.status == LIVE and snap.facilitator_running and snap.message == ""
    assert snap.state.group == "Tuesday circle" and snap.state.queue == []
    session.record(session.meeting.queue("Ana", clock()))
    snap = follower.poll()
    assert [e.name for e in snap.state.queue] == ["Ana"]
    assert snap.state == session.state
    session.close()


def test_facilitator_not_running_is_said_and_the_last_state_stays(data_dir, clock):
    session = start(data_dir, clock)
    session.record(session.meeting.queue("Ana", clock()))
    session.close()  # quit: the lock goes, the meeting stays open
    snap = Follower(data_dir, "Tuesday circle").poll()
    assert snap.status == LIVE and not snap.facilitator_running
    assert "facilitator's app is not running" in snap.message
    assert [e.name for e in snap.state.queue] == ["Ana"]


def test_the_meeting_ending_then_a_new_one_starting(data_dir, clock):
    session = start(data_dir, clock)
    follower = Follower(data_dir)  # no group named: the last used one
    first = follower.poll().meeting_id
    session.record(session.meeting.end(clock()))
    session.close()
    snap = follower.poll()
    assert snap.status == ENDED and snap.message == "The meeting has ended."
    assert snap.meeting_id == first
    clock.advance(120)
    second = start(data_dir, clock)
    snap = follower.poll()
    assert snap.status == LIVE and snap.meeting_id == second.state.id != first
    second.close()


def test_a_file_replaced_many_times_between_polls_is_always_whole(data_dir, clock):
    session = start(data_dir, clock)
    follower = Follower(data_dir, "Tuesday circle")
    for i in range(60):
        session.record(session.meeting.queue(f"Person {i}", clock()))
        snap = follower.poll()
        assert snap.problem == "" and len(snap.state.queue) == i + 1
    session.close()


def test_a_damaged_meeting_file_keeps_the_last_good_state_and_says_so(data_dir, clock):
    session = start(data_dir, clock)
    session.record(session.meeting.queue("Ana", clock()))
    follower = Follower(data_dir, "Tuesday circle")
    assert follower.poll().status == LIVE
    path = locations.meeting_file(data_dir, session.state.id)
    session.close()
    original = path.read_bytes()
    path.write_bytes(b'{"events": {"1": ')
    snap = follower.poll()
    assert snap.status == LIVE and [e.name for e in snap.state.queue] == ["Ana"]
    assert "cannot read" in snap.problem and path.name in snap.problem
    assert path.read_bytes() == b'{"events": {"1": '  # a reader never writes
    path.write_bytes(original)
    os.utime(path, ns=(1, 1))
    assert follower.poll().problem == ""


def test_a_purged_meeting_file_means_waiting(data_dir, clock):
    session = start(data_dir, clock)
    path = locations.meeting_file(data_dir, session.state.id)
    follower = Follower(data_dir, "Tuesday circle")
    assert follower.poll().status == LIVE
    session.close()
    path.unlink()
    assert follower.poll().status == WAITING


def test_readers_never_write_the_meeting(data_dir, clock):
    session = start(data_dir, clock)
    path = locations.meeting_file(data_dir, session.state.id)
    before = (path.stat().st_ino, path.stat().st_mtime_ns)
    follower = Follower(data_dir, "Tuesday circle")
    for _ in range(5):
        follower.poll()
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == before
    assert MeetingLog(path, readonly=True).events() == session.meeting.events
    assert json.loads(path.read_text())  # still whole
    session.close()


def test_with_no_group_named_it_follows_the_group_used_last(data_dir, clock):
    first = start(data_dir, clock, group="Monday group")
    follower = Follower(data_dir)
    assert follower.poll().group_name == "Monday group"
    first.close()
    second = start(data_dir, clock, group="Carers")
    snap = follower.poll()
    assert snap.group_name == "Carers" and snap.meeting_id == second.state.id
    second.close()


def test_folding_only_new_events_gives_exactly_the_writers_state(data_dir, clock):
    session = start(data_dir, clock)
    follower = Follower(data_dir, "Tuesday circle")
    meeting = session.meeting
    steps = [lambda at: meeting.queue("Ana", at), lambda at: meeting.queue("Ben", at),
             meeting.next, meeting.toggle_pause, meeting.undo, meeting.undo, meeting.redo,
             lambda at: meeting.adjust(30, at), meeting.next, meeting.next_phase, meeting.undo]
    for step in steps:
        clock.advance(7)
        session.record(step(clock()))
        snap = follower.poll()
        assert snap.state == session.state and snap.events == len(meeting.events)
    session.close()
