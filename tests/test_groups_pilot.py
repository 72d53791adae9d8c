"""Groups, roster, attendance and milestones, driven by their documented keys."""

from __future__ import annotations

import datetime as dt
import json

from roomtui.meeting import Meeting
from roomtui.records.export import to_json
from roomtui.storage import GroupBook, MeetingLog, locations
from tests.screen import screen_text

SIZE = (110, 36)


def stored_state(app):
    path = locations.meeting_file(app.session.root, app.session.state.id)
    return Meeting(MeetingLog(path, readonly=True).events()).state


def stored_group(data_dir, name):
    return GroupBook(locations.groups_file(data_dir), readonly=True).find(name)


async def typed(pilot, key: str, text: str) -> None:
    """Press a key (if any), type text, Enter."""
    if key:
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
        assert "Ben  arrived 11:16" in text and "Cara  left 11:17" in text
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


async def test_create_two_groups_and_switch_between_them(make_app, data_dir, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Ana", "enter")  # something to resume later
        await pilot.press("l")
        await pilot.pause()
        assert "Starter group  (you are here)" in screen_text(app)
        await typed(pilot, "n", "Starter GROUP")
        assert "already a group called “Starter group”" in screen_text(app)
        await typed(pilot, "n", "Carers")
        await typed(pilot, "", "check-in")  # the format, by part of its name
        text = screen_text(app)
        assert "Carers created, following “60-minute check-in circle”" in text
        await pilot.press("enter")  # switch to it (it is highlighted)
        await pilot.pause()
        await pilot.pause()
        assert app.session.group["name"] == "Carers"
        assert app.session.state.queue == []
        assert app.session.state.format_name == "60-minute check-in circle"  # as chosen
        text = screen_text(app)
        assert "Now in Carers; Starter group is saved for later." in text
        assert stored_group(data_dir, "Carers")["format"] == "60-minute check-in circle"
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("down", "enter")  # Starter group (sorted by name)
        await pilot.pause()
        await pilot.pause()
        assert app.session.group["name"] == "Starter group"
        assert [e.name for e in app.session.state.queue] == ["Ana"]  # resumed


async def test_switching_to_a_group_open_elsewhere_is_refused(make_app, data_dir, clock):
    from roomtui.session import open_session

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await typed(pilot, "n", "Carers")
        await typed(pilot, "", "")
        elsewhere = open_session(data_dir, "Carers", clock=clock)
        try:
            await pilot.press("enter")
            await pilot.pause()
            assert "Carers's meeting is open in another roomtui" in screen_text(app)
            assert app.session.group["name"] == "Starter group" and app.session._lock.held
        finally:
            elsewhere.close()


async def test_roster_editor_by_keys_survives_a_restart(make_app, data_dir, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()
        await typed(pilot, "a", "ana")
        assert "Someone is already called Ana" in screen_text(app)
        await typed(pilot, "a", "Ana B.")
        assert "Ana B. added at seat 7." in screen_text(app)
        for _ in range(6):
            await pilot.press("left_square_bracket")
        await pilot.press("r")  # member -> guest
        await typed(pilot, "t", "2025-02-30")
        assert "is not a date that exists" in screen_text(app)
        await typed(pilot, "t", "2025-11-26")
        await pilot.press("down")
        await typed(pilot, "m", "Ana B.")
        await pilot.press("end", "x")
        await pilot.pause()
        assert "Remove Femi from the roster?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        text = screen_text(app)
        assert "Femi removed." in text and "since 2025-11-26" in text
    rows = stored_group(data_dir, "Starter group")["roster"]
    assert [p["name"] for p in rows] == ["Ana B.", "Ana", "Ben", "Cara", "Dev", "Eli"]
    assert rows[0]["role"] == "guest" and rows[1]["mentor"] == "Ana B."
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()
        text = screen_text(again)
        assert "1  Ana B." in text and "mentor: Ana B." in text and "Femi" not in text
        await pilot.press("k")  # keep the guest as a member
        await pilot.pause()
        assert "Ana B. stays on the roster as a member." in screen_text(again)
    assert stored_group(data_dir, "Starter group")["roster"][0]["role"] == "member"


async def test_newcomer_marked_on_the_first_meeting_and_not_the_second(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "1", "2", "enter")  # Ana and Ben: the group's first record
        await pilot.pause()
        assert "✦ new" not in screen_text(app)
    clock.advance(7 * 86400)
    second = make_app(new=True)
    async with second.run_test(size=SIZE) as pilot:
        await pilot.press("R", "down", "down", "m", *"Ana", "enter", "escape")  # Cara's mentor
        await pilot.press("w", "1", "3", "enter")  # Ana and Cara (Cara's first time)
        await pilot.pause()
        text = screen_text(second)
        assert "Cara: first time, welcome them (mentor: Ana)." in text
        assert "Cara ✦ new" in text and "Ana ✦ new" not in text
    clock.advance(7 * 86400)
    third = make_app(new=True)
    async with third.run_test(size=SIZE) as pilot:
        await pilot.press("w", "3", "enter")
        await pilot.pause()
        assert "✦ new" not in screen_text(third)


async def test_milestone_shown_privately_on_its_day_then_the_celebrate_card(
        make_app, data_dir, clock):
    today = dt.date.fromtimestamp(clock())
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await typed(pilot, "t", today.replace(year=today.year - 1).isoformat())
        await pilot.press("escape")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "This week (private): Ana: 1 year, today. C to celebrate." in screen_text(again)
        assert again.session.state.celebration is None  # nothing to the room until chosen
        await pilot.press("C")
        await pilot.pause()
        assert "Celebrating 1 year, Ana" in screen_text(again)
        await pilot.press("1")
        await pilot.pause()
        assert again.session.state.celebration == "Celebrating 1 year, Ana"
        assert stored_state(again).celebration == "Celebrating 1 year, Ana"
        assert "Celebrating 1 year, Ana" in screen_text(again)
    third = make_app()  # the card is still up after a restart
    async with third.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Enter clears the card" in screen_text(third)
        await pilot.press("enter")
        await pilot.pause()
        assert third.session.state.celebration is None
        assert "Card cleared." in screen_text(third)


async def test_celebrate_with_own_words_and_hostile_text_shown_literally(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        assert "No milestones today or this week" in screen_text(app)
        await pilot.press(*"[b]Well done[/] team", "enter")
        await pilot.pause()
        assert "[b]Well done[/] team" in screen_text(app)


async def test_hostile_names_in_roster_and_attendance_are_shown_literally(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("R")
        for name in ("[b]x[/]", "\x1b[31mRed", "נועה", "Dev 🌱"):
            await typed(pilot, "a", name)
        await typed(pilot, "a", "x" * 200)
        text = screen_text(app)
        assert "A name can be at most 80 characters." in text
        await typed(pilot, "a", "   ")
        assert "A name cannot be empty." in screen_text(app)
        text = screen_text(app)
        assert "[b]x[/]" in text and "נועה" in text and "Dev 🌱" in text
        await pilot.press("escape", "w", "enter")
        await pilot.pause()
        assert "Nobody is marked here yet" in screen_text(app)
        await pilot.press("asterisk", "enter")
        await pilot.pause()
        assert len(app.session.state.present()) == 10
    names = [p["name"] for p in stored_group(data_dir, "Starter group")["roster"]]
    assert names[-4:] == ["[b]x[/]", "[31mRed", "נועה", "Dev 🌱"]


async def test_a_roster_change_that_cannot_be_saved_says_so_and_changes_nothing(
        make_app, data_dir, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()

        def disk_full(*_args, **_kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(GroupBook, "modify", disk_full)
        await typed(pilot, "a", "Zed")
        text = screen_text(app)
        assert "Could not save (No space left on device). Nothing was changed." in text
        assert "Zed" not in text.replace("Add:", "")  # not listed as if it were saved
    monkeypatch.undo()
    names = [p["name"] for p in stored_group(data_dir, "Starter group")["roster"]]
    assert "Zed" not in names and len(names) == 6
