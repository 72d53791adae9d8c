"""The review app by keyboard: list, search, summary, delete; damaged files; read only."""

from __future__ import annotations

import pytest

from roomtui.records import archive
from roomtui.session import open_session
from roomtui.storage import is_locked, locations
from roomtui.ui.review import build_review_app
from roomtui.ui.screens.summary import SummaryScreen
from tests.archive_helpers import scripted_meetings
from tests.pilots import screen_after
from tests.screen import screen_text


@pytest.fixture
def three(data_dir, clock):
    """Three ended meetings, a week apart (oldest first)."""
    return scripted_meetings(data_dir, clock, 3, days_apart=7)


async def test_list_newest_first_search_and_summary(data_dir, clock, three):
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        rows = [line for line in text.splitlines() if "Starter group" in line]
        assert [r.split()[0] for r in rows] == ["2026-12-02", "2026-11-25", "2026-11-18"]
        assert "20:00" in rows[0] and "3 meetings." in text
        assert "0 meetings with notes matching “BRING”" in await screen_after(pilot, "slash", *"BRING")
        text = await screen_after(pilot, *["backspace"] * 5, *"pipe star")
        assert "3 meetings with notes matching “pipe star”" in text
        assert "[bold]x[/] *star*" in text  # the matching note, literally
        await pilot.press("enter", "down", "enter")  # back to the table, second meeting
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "2026-11-25 11:26" in text and "6 of 6 took part" in text
        assert "Check-in round" in text and "5:15" in text and "not reached" in text
        # turns are shares; the check-in turn is counted apart
        assert "Ana" in text and "4:40  1 turn, 1 round turn" in text
        assert "0:00  0 turns, 1 pass" in text
        assert "Did not share" in text and "Ben, Cara, Dev, Eli, Femi" in text
        text = await screen_after(pilot, "end")
        assert "follow-up  call Dev about the leaflet" in text
        assert "[resource]  Sharing" in text and "[bold]x[/] *star* | pipe" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SummaryScreen)


async def test_delete_asks_first_and_refuses_an_open_meeting(data_dir, clock, three):
    session = open_session(data_dir, clock=clock)  # an open meeting, lock held
    try:
        app = build_review_app(data_dir, clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            (row,) = [line for line in screen_text(app).splitlines() if "2026-12-09" in line]
            assert row.rstrip().endswith("open")
            await pilot.press("x")  # the newest: the open one
            await pilot.pause()
            assert "still open" in screen_text(app)
            assert locations.meeting_file(data_dir, session.state.id).exists()
            assert "for good?" in await screen_after(pilot, "down", "x")
            assert "Nothing deleted." in await screen_after(pilot, "n")
            assert "Deleted the meeting of 2026-12-02 11:46." in await screen_after(pilot, "x", "y")
            assert not locations.meeting_file(data_dir, three[2]).exists()
            assert [i.id for i in archive.list_meetings(data_dir)] == [
                session.state.id, three[1], three[0]]
            # read only: the facilitator's writer lock was never taken from it
            assert is_locked(locations.group_lock(data_dir, session.group["id"]))
        session.record(session.meeting.add_note("still writing", clock()))
    finally:
        session.close()


async def test_a_damaged_meeting_is_listed_and_the_rest_works(data_dir, clock, three):
    path = locations.meeting_file(data_dir, three[1])
    path.write_text('{"events": {"1": [')
    before = path.read_bytes()
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "damaged: not valid JSON at line 1" in text
        assert text.count("Starter group") == 3
        assert "cannot be read" in await screen_after(pilot, "down", "enter")
        assert "6 of 6 took part" in await screen_after(pilot, "escape", "down", "enter")
    assert path.read_bytes() == before


async def test_an_empty_data_folder(data_dir, clock):
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No meetings yet." in screen_text(app)
        assert "No meetings yet." in await screen_after(pilot, "enter", "x")


async def test_escape_leaves_the_search_box_for_the_list(data_dir, clock, three):
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"x")
        await pilot.pause()
        assert app.focused.id == "search"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused.id == "meetings"
        await pilot.press("x")  # now a key for the list: delete asks
        await pilot.pause()
        assert "for good?" in screen_text(app)


async def test_a_damaged_index_is_rebuilt_said_and_kept_aside(data_dir, clock, three):
    index = locations.index_file(data_dir)
    index.write_text("{not json")
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "roomtui rebuilt it from the meeting files" in text
        assert {item.id for item in app.screen.listings} == set(three)
    kept = list(index.parent.glob("index.damaged-*.json"))
    assert [p.read_text() for p in kept] == ["{not json"]  # the original, untouched
