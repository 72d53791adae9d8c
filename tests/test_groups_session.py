"""Groups through the session layer: switch (and its refusal), create, rename, delete,
roster edits that survive a restart, newcomers found from earlier meetings."""

from __future__ import annotations

import datetime as dt

import pytest

from roomtui import groups
from roomtui.roster import RosterRefused
from roomtui.session import open_session
from roomtui.storage import GroupBook, locations


@pytest.fixture
def session(data_dir, clock):
    s = open_session(data_dir, clock=clock)
    yield s
    s.close()


def book(data_dir):
    return GroupBook(locations.groups_file(data_dir), readonly=True)


def test_switch_closes_this_meeting_and_opens_the_other(session, data_dir, clock):
    carers = groups.create_group(session, "Carers", "60-minute check-in circle")
    other = groups.switch_group(session, carers["id"])
    try:
        assert other.group["name"] == "Carers" and other.state.group == "Carers"
        assert not session._lock.held and other._lock.held
        assert book(data_dir).last_used() == carers["id"]
        back = groups.switch_group(other, session.group["id"])
        assert back.resumed and back.state.id == session.state.id  # resumed, not restarted
        back.close()
    finally:
        other.close()


def test_switch_is_refused_when_the_other_meeting_is_open_elsewhere(session, data_dir, clock):
    carers = groups.create_group(session, "Carers")
    elsewhere = open_session(data_dir, "Carers", clock=clock)  # another roomtui holds it
    try:
        with pytest.raises(RosterRefused, match="open in another roomtui"):
            groups.switch_group(session, carers["id"])
        assert session._lock.held  # this meeting goes on untouched
        session.record(session.meeting.queue("Ana", clock()))
    finally:
        elsewhere.close()


def test_group_names_taken_and_renames(session, data_dir):
    groups.create_group(session, "Carers")
    with pytest.raises(RosterRefused, match="already a group called “Carers”"):
        groups.create_group(session, " carers ")
    groups.rename_group(session, session.group["id"], "Tuesday circle")
    assert book(data_dir).find("Tuesday circle")["id"] == session.group["id"]
    assert session.state.group == "Starter group"  # this meeting keeps its own record


def test_delete_says_what_goes_and_past_meetings_stay(session, data_dir, clock):
    carers = groups.create_group(session, "Carers")
    other = open_session(data_dir, "Carers", clock=clock)
    other.record(other.meeting.end(clock()))
    other.close()
    assert "1 past meeting keeps its own record" in groups.delete_summary(session, carers["id"])
    with pytest.raises(RosterRefused, match="the group you are in"):
        groups.delete_group(session, session.group["id"])
    groups.delete_group(session, carers["id"])
    assert book(data_dir).find("Carers") is None
    assert [r["group"] for r in session.index.all()].count("Carers") == 1


def test_delete_refused_while_its_meeting_is_unfinished(session, data_dir, clock):
    carers = groups.create_group(session, "Carers")
    open_session(data_dir, "Carers", clock=clock).close()  # started, never ended
    with pytest.raises(RosterRefused, match="unfinished meeting"):
        groups.delete_group(session, carers["id"])


def test_roster_edits_survive_a_restart(session, data_dir, clock):
    groups.add_person(session, "Ana B.")
    with pytest.raises(RosterRefused, match="already called Ana"):
        groups.add_person(session, "ANA")
    groups.move_person(session, 6, -6)  # Ana B. to the first seat
    groups.set_role(session, 0, "co-facilitator")
    groups.set_mentor(session, 1, "ana b.")
    groups.set_milestone(session, 2, "2025-11-20", "anniversary", dt.date(2026, 11, 26))
    with pytest.raises(RosterRefused, match="in the future"):
        groups.set_milestone(session, 2, "2027-01-01", "anniversary", dt.date(2026, 11, 26))
    groups.rename_person(session, 0, "Anabel")  # the mentor link follows
    session.close()
    again = open_session(data_dir, clock=clock)
    try:
        rows = groups.people(again)
        assert [p["name"] for p in rows][:3] == ["Anabel", "Ana", "Ben"]
        assert rows[0]["role"] == "co-facilitator" and rows[1]["mentor"] == "Anabel"
        assert rows[2]["milestone"] == {"date": "2025-11-20", "kind": "anniversary"}
        assert "mentoring Ana" in groups.remove_summary(again, 0)
        groups.remove_person(again, 0)
        assert "mentor" not in groups.people(again)[0]
    finally:
        again.close()


def test_newcomer_on_a_first_meeting_and_not_on_the_second(session, data_dir, clock):
    known = groups.people(session)
    session.record(session.meeting.take_attendance(["Ana", "Ben"], [p["name"] for p in known],
                                                   clock()))
    assert groups.welcome_lines(session) == []  # nothing earlier to compare with
    session.record(session.meeting.end(clock()))
    session.close()
    clock.advance(7 * 86400)
    second = open_session(data_dir, clock=clock)
    groups.set_mentor(second, 2, "Ana")  # Cara's mentor
    second.record(second.meeting.take_attendance(["Ana", "Cara"], ["Ana", "Cara"], clock()))
    assert groups.welcome_lines(second) == ["Cara: first time, welcome them (mentor: Ana)"]
    second.record(second.meeting.end(clock()))
    second.close()
    third = open_session(data_dir, clock=clock)
    try:
        third.record(third.meeting.take_attendance(["Cara"], ["Cara"], clock()))
        assert groups.welcome_lines(third) == []
    finally:
        third.close()


def test_attempt_reports_a_save_that_failed_after_the_event_landed(tmp_path, monkeypatch):
    """A failure in a follow-up file is said plainly, and the meeting still changed."""
    from roomtui.session import open_session

    session = open_session(tmp_path / "data", "Attempt")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session, "_remember_guest", broken)
    changed, problem = session.attempt(lambda at: session.meeting.queue("Zed", at))
    assert changed and "Saved, but" in problem and "No space left" in problem
    assert [e.name for e in session.state.queue] == ["Zed"]
    changed, problem = session.attempt(lambda at: session.meeting.queue("zed", at))
    assert not changed and problem == "Zed is already waiting."
    session.close()
