"""Scripted meetings written through the real session (files, index) with a fake clock."""

from __future__ import annotations

from roomtui.session import open_session

DAY = 86_400


def scripted_meeting(root, clock, group: str | None = None, end: bool = True):
    """A meeting whose figures the export tests check by hand (starter roster: Ana … Femi).

    Phases: welcome 5:00, agreements 5:00, check-in round 5:15, sharing 4:45.
    Turns: Ana 1:20 round + 3:20 share, Ben pass, Cara 1:30, Dev 1:00, Eli pass, Femi 0:45.
    """
    s = open_session(root, group, clock=clock)
    m = s.meeting

    def do(method, *args, **kwargs):
        s.record(getattr(m, method)(*args, at=clock(), **kwargs))

    clock.advance(300)
    do("next_phase")
    clock.advance(300)
    do("next_phase")  # Check-in round
    do("start_round")  # Ana
    clock.advance(80)
    do("next")  # Ben
    clock.advance(10)
    do("pass_turn")  # Ben passes, Cara
    clock.advance(90)
    do("next")  # Dev
    clock.advance(60)
    do("next")  # Eli
    clock.advance(30)
    do("pass_turn")  # Femi
    clock.advance(45)
    do("next")  # round over
    do("next_phase")  # Sharing
    do("add_note", "Theme: sleep and Ana's new job", tag="theme")
    clock.advance(5)
    do("queue", "Ana")
    do("next")
    clock.advance(200)
    do("next")
    do("add_note", "call Dev about the leaflet", tag="follow-up")
    clock.advance(80)
    do("add_note", "[bold]x[/] *star* | pipe `code` # not a heading", tag="resource")
    if end:
        do("end")
    s.close()
    return s.state


def scripted_meetings(root, clock, count: int, days_apart: int) -> list[str]:
    """``count`` scripted meetings, ``days_apart`` days apart: their ids, oldest first."""
    ids = []
    for _ in range(count):
        ids.append(scripted_meeting(root, clock).id)
        clock.advance(days_apart * DAY)
    return ids
