"""Groups, roster, attendance and milestones, driven by their documented keys."""

from __future__ import annotations

import json

from roomtui import locations
from roomtui.export import to_json
from roomtui.meeting import Meeting
from roomtui.storage import GroupBook, MeetingLog
from tests.screen import screen_text

SIZE = (110, 36)


def stored_state(app):
    path = locations.meeting_file(app.session.root, app.session.state.id)
    return Meeting(MeetingLog(path, readonly=True).events()).state


def stored_group(data_dir, name):
    return GroupBook(locations.groups_file(data_dir), readonly=True).find(name)


async def typed(pilot, *keys_then_text: str) -> None:
    """Press a key, type text, Enter."""
    key, text = keys_then_text
    await pilot.press(key)
    if text:
        await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


async def test_mark_attendance_latecomer_leaver_then_a_round_goes_round_who_is_here(
        make_app, clock):
    app = make_app()  # starter roster: Ana Ben Cara Dev Eli Femi
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(app)
        assert "Who is here" in text and "draft" in text
        await pilot.press("4", "1", "3")  # Dev, Ana, Cara: any order
        await typed(pilot, "a", "Zoë")  # someone not on the roster
        await pilot.pause()
        assert "Zoë" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        state = app.session.state
        assert state.present() == ["Ana", "Cara", "Dev", "Zoë"]
        assert "4 here." in screen_text(app)
        clock.advance(600)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("2")  # Ben arrives late
        clock.advance(60)
        await pilot.press("3")  # Cara leaves early
        await pilot.pause()
        text = screen_text(app)
        assert "Ben" in text and "arrived 05:16" in text or "arrived" in text
        assert "left" in text
        await pilot.press("escape")
        await pilot.press("r")
        await pilot.pause()
        state = app.session.state
        assert state.current.name == "Ana"
        assert state.round_left == ["Ben", "Dev", "Zoë"]
        assert stored_state(app) == state
        data = to_json(app.session.meeting, clock())
        att = data["attendance"]
        assert att["count"] == 5 and att["names"] == ["Ana", "Cara", "Dev", "Zoë", "Ben"]
        assert [a["name"] for a in att["arrivals"]] == ["Ben"]
        assert [d["name"] for d in att["departures"]] == ["Cara"]
        assert att["late"] == 1 and att["left_early"] == 1
        json.dumps(data)


async def test_attendance_survives_a_restart(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "1", "2", "enter")
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        assert again.session.state.present() == ["Ana", "Ben"]
        await pilot.press("w")
        await pilot.pause()
        assert "2 of 6, marked" in screen_text(again)
