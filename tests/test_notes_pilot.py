"""Notes during a meeting, by the documented keys, while a share timer runs."""

from __future__ import annotations

from roomtui.ui.screens.notes import NotesScreen
from tests.pilots import add, palette, redraw, to_sharing
from tests.screen import screen_text, shows_big
from tests.test_live_pilot import stored_state
from tests.views_helpers import until


async def start_share(pilot, clock):
    await to_sharing(pilot)
    await add(pilot, "Ana", "Ben")
    await pilot.press("n")
    clock.advance(40)
    await pilot.pause()


async def test_write_and_tag_notes_while_the_share_timer_runs(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_share(pilot, clock)
        await pilot.press("o")
        await pilot.pause()
        assert app.focused.id == "note-input"
        await pilot.press(*"f: bring the leaflet")
        clock.advance(20)  # the share keeps counting while the note is typed
        await redraw(pilot)
        text = screen_text(app)
        assert "Ana  sharing" in text and shows_big(text, "2:00")  # still visible
        assert "[follow-up]" in text and " 1  Ben" in text
        await pilot.press("enter")
        await pilot.pause()
        (note,) = app.session.state.notes
        assert (note.tag, note.text, note.at) == ("follow-up", "bring the leaflet", clock())
        assert app.session.state.phase.name == "Sharing" and note.phase == 3
        assert app.session.state.current.name == "Ana"  # the note did not touch the queue
        assert "Note saved (follow-up)" in screen_text(app)
        # ctrl+t cycles the tag; markup stays literal
        await pilot.press("o", *"[b]x[/] theme", "ctrl+t", "ctrl+t", "enter")
        await pilot.pause()
        assert [(n.tag, n.text) for n in app.session.state.notes][1] == ("resource",
                                                                          "[b]x[/] theme")
        assert stored_state(app).notes == app.session.state.notes
        # escape closes without saving; u does not take a note back
        await pilot.press("o", *"never mind", "escape")
        await pilot.pause()
        assert len(app.session.state.notes) == 2
        await pilot.press("u")
        await pilot.pause()
        assert len(app.session.state.notes) == 2


async def test_a_roster_name_gets_an_initials_suggestion_never_a_block(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o", *"Cara spoke about sleep")
        await pilot.pause()
        assert "Names Cara (→ C.)" in screen_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.screen.query_one("#note-input").value == "C. spoke about sleep"
        assert "Names" not in screen_text(app)
        await pilot.press("enter")
        await pilot.press("o", *"Dev needs a lift", "enter")  # kept as written: never blocked
        await pilot.pause()
        assert [n.text for n in app.session.state.notes] == ["C. spoke about sleep",
                                                             "Dev needs a lift"]


async def test_edit_retag_and_delete_from_the_notes_list(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_share(pilot, clock)
        await pilot.press("o", *"first", "enter", "o", *"second", "enter")
        await pilot.pause()
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        text = screen_text(app)
        assert "[theme]  Sharing" in text and "first" in text and "second" in text
        await pilot.press("enter")  # edit the first
        await pilot.pause()
        await pilot.press("ctrl+u", *"first, edited", "enter")
        await pilot.pause()
        assert app.session.state.notes[0].text == "first, edited"
        await pilot.press("t")
        await pilot.pause()
        assert app.session.state.notes[0].tag == "follow-up"
        await pilot.press("down", "x")
        await pilot.pause()
        await pilot.press("n")  # no: nothing deleted
        await pilot.pause()
        assert len(app.session.state.notes) == 2
        await pilot.press("x", "y")
        await pilot.pause()
        assert [n.text for n in app.session.state.notes] == ["first, edited"]
        assert "(edited)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        clock.advance(30)
        await redraw(pilot)
        assert "Ana  sharing" in screen_text(app)
        assert stored_state(app).notes == app.session.state.notes


async def test_notes_list_is_in_the_command_palette(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await palette(pilot, "notes")
        await until(pilot, lambda: isinstance(app.screen, NotesScreen))
        assert "No notes yet" in screen_text(app)


async def test_group_retention_on_start_is_said_on_the_live_screen(data_dir, clock, make_app):
    from roomtui.storage import GroupBook, locations
    from tests.archive_helpers import DAY, scripted_meeting

    scripted_meeting(data_dir, clock)
    clock.advance(40 * DAY)
    groups = GroupBook(locations.groups_file(data_dir))
    groups.update(groups.all()[0]["id"], settings={"retention_days": 30})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Group retention: Removed 1 meeting older than 30 days." in screen_text(app)
