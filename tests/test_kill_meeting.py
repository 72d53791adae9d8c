"""kill -9 at random moments of a scripted, sped-up meeting: every restart shows what was confirmed.

The work is in tests/kill_meeting.py; here 25 kills (a few seconds), ``make bench``
(``python -m tests.bench.run kill_meeting_200``) runs 200 through whole 90-minute meetings.
Set ROOMTUI_CRASH_SEED to replay a failing run.
"""

from __future__ import annotations

import os

import pytest

from roomtui.meeting import Refused
from roomtui.session import open_session
from tests.kill_meeting import GROUP, MEETING_ACTIONS, STEP, T0, action, kill_many

pytestmark = pytest.mark.process


def test_kill_9_during_a_meeting_never_loses_a_confirmed_action(tmp_path):
    result = kill_many(tmp_path, 25, seed=os.environ.get("ROOMTUI_CRASH_SEED"))
    # summed over every meeting: the last kill may come just as a meeting has ended
    assert result["kill_meeting_events_total"] > 25, "the children hardly acted: proved little"


def test_a_meeting_played_through_to_the_end_is_ended_and_whole(tmp_path):
    """The script really is a 90-minute meeting: kills late enough let it finish."""
    result = kill_many(tmp_path, 3, seed=7, max_delay=0.0)  # killed before acting: resumes only
    assert result["kill_meeting_meetings_finished"] == 0
    root = tmp_path / "m0"
    n = [0]
    session = open_session(root, GROUP, clock=lambda: T0 + STEP * n[0])
    try:
        n[0] = len(session.meeting.events)
        while session.state.is_open:
            try:
                ev = action(session.meeting, n[0], T0 + STEP * n[0])
            except Refused:
                ev = session.meeting.queue(f"Extra {n[0]}", T0 + STEP * n[0])
            session.record(ev)
            n[0] = len(session.meeting.events)
        state = session.state
        assert state.ended_at - state.started_at >= 90 * 60 - STEP
        assert len(session.meeting.events) == MEETING_ACTIONS + 1
        assert state.notes and state.attendance is not None
    finally:
        session.close()
