"""Meetings for the view tests: a real session (the single writer) on a temp folder."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

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


@asynccontextmanager
async def viewing(data_dir, clock, view: str = "watch", size=(100, 30), group: str = GROUP,
                  showing: str | None = None):
    """``watch`` (or ``room``) of ``group`` running in Pilot: yields the app and its pilot,
    once ``showing`` (where given) is on its screen."""
    from roomtui.ui.viewer import build_viewer

    app = build_viewer(data_dir, group, view, clock=clock)
    async with app.run_test(size=size) as pilot:
        if showing is not None:
            await shows(pilot, app, showing)
        yield app, pilot


async def shows(pilot, app, text: str, timeout: float = 10.0) -> str:
    """The screen once ``text`` is on it (polls; generous for a loaded machine)."""
    from tests.screen import screen_text

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    screen = screen_text(app)
    while text not in screen and loop.time() < deadline:
        await pilot.pause(0.05)
        screen = screen_text(app)
    assert text in screen, screen
    return screen


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """Wait (polling) until ``condition()`` holds; fails after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition never held"
        await pilot.pause(0.05)
