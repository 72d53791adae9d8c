"""Meetings for the view tests: a real session (the single writer) on a temp folder."""

from __future__ import annotations

from roomtui.session import open_session

GROUP = "Tuesday circle"


def busy_session(data_dir, clock, group: str = GROUP):
    """Sharing phase, Ana Smith speaking 2:10 into a 3:00 share, two people waiting."""
    session = open_session(data_dir, group, clock=clock)
    meeting = session.meeting
    for _ in range(3):
        session.record(meeting.next_phase(clock()))
    for name in ("Ana Smith", "Ben", "Zoë [b]x[/]"):
        session.record(meeting.queue(name, clock()))
    session.record(meeting.next(clock()))
    clock.advance(70)
    session.record(meeting.queue("Dev", clock(), direct=True))
    clock.advance(60)
    return session
