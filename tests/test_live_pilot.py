"""The live screen driven by its documented keys, as a facilitator would."""

from __future__ import annotations

import re

from roomtui.meeting import Meeting
from roomtui.storage import MeetingLog, locations
from tests.pilots import add, assert_in_palette, palette, redraw, screen_after, to_sharing
from tests.screen import screen_text, shows_big


def stored_state(app):
    """The state as a restart would see it: replayed from the file on disk."""
    path = locations.meeting_file(app.session.root, app.session.state.id)
    return Meeting(MeetingLog(path, readonly=True).events()).state


async def test_add_next_and_the_screen_shows_it(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana", "Ben")
        assert [e.name for e in app.session.state.queue] == ["Ana", "Ben"]
        text = screen_text(app)
        assert " 1  Ana" in text and " 2  Ben" in text
        await pilot.press("n")
        clock.advance(75)
        await redraw(pilot)
        text = screen_text(app)
        assert "Ana  sharing" in text
        assert "3:00 limit" in text and shows_big(text, "1:45") and not shows_big(text, "1:46")
        await pilot.press("n")
        await pilot.pause()
        state = app.session.state
        assert state.turns[-1].name == "Ana" and state.turns[-1].seconds(clock()) == 75
        assert state.current.name == "Ben"
        assert stored_state(app) == state  # on disk before the screen shows it


async def test_completion_from_the_roster_and_new_names_become_guests(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "fe", "Zoë")  # fe completes to Femi (starter roster)
        assert [e.name for e in app.session.state.queue] == ["Femi", "Zoë"]
        roster = [p["name"] for p in app.session.group["roster"]]
        assert "Zoë" in roster
        assert "Zoë" in screen_text(app)


async def test_a_person_already_waiting_gets_a_quiet_message(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana", "ana")
        assert len(app.session.state.queue) == 1
        assert "Ana is already waiting." in screen_text(app)


async def test_direct_response_refused_where_crosstalk_is_off_then_allowed(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert "direct responses are off" in await screen_after(pilot, "d")
        await to_sharing(pilot)  # where crosstalk is on
        await add(pilot, "Ana")
        await add(pilot, "Ben", "Cara", key="d")
        assert [(e.name, e.kind) for e in app.session.state.queue] == [
            ("Ben", "direct"), ("Cara", "direct"), ("Ana", "share")]
        assert "↪ Ben" in screen_text(app)


async def test_remove_and_reorder_the_selected_person(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana", "Ben", "Cara")
        # the selection stays where it was (Ana); end selects Cara: move her up twice
        await pilot.press("end", "left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Cara", "Ana", "Ben"]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Ana", "Cara", "Ben"]
        text = await screen_after(pilot, "x")
        assert [e.name for e in app.session.state.queue] == ["Ana", "Ben"]
        assert "Cara left the queue" in text


async def test_undo_redo_by_keys_including_next(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana", "Ben")
        await pilot.press("n", "n")
        await pilot.pause()
        assert app.session.state.current.name == "Ben"
        text = await screen_after(pilot, "u")
        assert app.session.state.current.name == "Ana"
        assert [e.name for e in app.session.state.queue] == ["Ben"]
        assert "Undid next speaker" in text
        await pilot.press("u", "u")
        await pilot.pause()
        assert app.session.state.current is None
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r")
        await pilot.pause()
        assert app.session.state.current.name == "Ben"
        assert stored_state(app) == app.session.state


async def test_pause_and_thirty_seconds(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana")
        await pilot.press("n")
        clock.advance(20)
        await pilot.press("space")
        clock.advance(300)
        await pilot.press("space", "plus", "plus", "minus")
        await pilot.pause()
        turn = app.session.state.current
        assert turn.seconds(clock()) == 20
        assert turn.limit_seconds == 180 + 30
        panel = app.screen.query_one("#speaker")
        assert panel.styles.border_top[0] == "round"
        assert "paused" in await screen_after(pilot, "space")
        assert panel.styles.border_top[0] == "dashed"  # the border's shape says it too
        text = await screen_after(pilot, "space")
        assert "paused" not in text and panel.styles.border_top[0] == "round"


async def test_pass_records_a_pass(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana", "Ben")
        await pilot.press("n", "s")
        await pilot.pause()
        state = app.session.state
        assert state.turns[-1].kind == "pass" and state.current.name == "Ben"


async def test_help_scrolls_by_keyboard_at_80x24(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert "ctrl+q" not in await screen_after(pilot, "question_mark")
        assert re.search(r"ctrl\+q\s\s+Quit", await screen_after(pilot, "end"))


async def test_help_lists_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        text = await screen_after(pilot, "question_mark")
        for key in ("a", "d", "n", "x", "[", "]", "u", "ctrl+r", "space", "+", "-", "p", "r",
                    "s", "e", "?", "ctrl+p", "ctrl+q"):
            assert re.search(rf"│\s+{re.escape(key)}\s\s+\w", text), key
        assert "Queue" in await screen_after(pilot, "escape")


async def test_every_action_is_in_the_command_palette(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert_in_palette(app, "Add", "Direct", "Next", "Remove", "Undo", "Redo", "Pass", "End")
        await add(pilot, "Ana")
        await palette(pilot, "Next")
        assert app.session.state.current is not None
        assert app.session.state.current.name == "Ana"


async def test_end_asks_first_and_no_keeps_the_meeting(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert "End this meeting for good?" in await screen_after(pilot, "e")
        await pilot.press("n")
        await pilot.pause()
        assert app.session.state.is_open
        await pilot.press("e", "y")
        await pilot.pause()
    assert not app.session.state.is_open
    assert stored_state(app).ended_at is not None


async def test_quit_and_resume_exactly(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana", "Ben")
        await pilot.press("n")
        clock.advance(50)
        await pilot.press("ctrl+q")
    before = app.session.state
    again = make_app()
    assert again.session.resumed
    assert again.session.state == before
    async with again.run_test(size=(100, 30)) as pilot:
        clock.advance(10)
        await redraw(pilot)
        text = screen_text(again)
        assert "Resumed where you left off" in text
        assert again.session.state.current.seconds(clock()) == 60


async def test_hostile_names_show_literally(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "[bold red]x[/] ", "נועה 🌱")
        text = screen_text(app)
        assert "[bold red]x[/]" in text
        assert "נועה" in text
        await pilot.press("a")
        assert "A name cannot be empty." in await screen_after(pilot, "enter")


async def test_hostile_roster_from_a_hand_edited_file_renders_at_80x24(data_dir, clock):
    from roomtui.storage import GroupBook
    from roomtui.ui.app import build_app

    data_dir.mkdir(parents=True)
    book = GroupBook(locations.groups_file(data_dir))
    long_name = "Ω" * 10_000
    book.create("Hostile", roster=[{"name": n} for n in (
        long_name, "\x1b[2J\x1b[31mEve", "[link=http://x]Mal[/link]", "  ", "مريم", "👩‍👧 Jo")])
    app = build_app(data_dir, group="Hostile", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await add(pilot, "Ev")
        text = screen_text(app)
        assert "[link=http://x]" in text
        assert "\x1b" not in text and "Eve" in text
        assert "ΩΩΩ…" in text
        assert [e.name for e in app.session.state.queue] == ["Eve"]
        assert "Time" in text  # the private figures still fit at 80 columns
    app.session.close()


async def test_a_failed_save_changes_nothing_and_says_so(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana")

        def full_disk(event):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(app.session._log, "append", full_disk)
        await pilot.press("n")
        await pilot.pause()
        assert app.session.state.current is None
        assert [e.name for e in app.session.state.queue] == ["Ana"]
        assert "Could not save (No space left on device). Nothing was changed." in screen_text(app)
        monkeypatch.undo()
        await pilot.press("n")
        await pilot.pause()
        assert app.session.state.current.name == "Ana"
        assert stored_state(app) == app.session.state


async def test_gentle_priority_from_the_palette_changes_order_and_is_remembered(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_sharing(pilot)
        await add(pilot, "Ana")
        await pilot.press("n")
        clock.advance(60)
        await pilot.press("n")  # Ana has spoken
        await palette(pilot, "Gentle priority")
        assert app.session.state.priority_unspoken
        assert "new voices go first" in screen_text(app)
        await add(pilot, "Ana", "Ben")
        assert [e.name for e in app.session.state.queue] == ["Ben", "Ana"]
        assert app.session.group["settings"]["priority_unspoken"] is True
        assert stored_state(app) == app.session.state
