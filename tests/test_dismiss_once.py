"""Keys pressed together never crash a screen that closes on a key (issue 19).

Each test presses keys as a burst (tests/bursts.py): all queued before the app handles
the first, as when two keys are pressed at once or one is held down. Before the shared
base (ui/screens/base.py) these stopped the app with ScreenStackError (exit 70), or
closed the screen the first key had just opened.
"""

from __future__ import annotations

import pytest

from roomtui.ui.screens.live.screen import LiveScreen
from roomtui.ui.screens.quiet import CarePauseScreen, QuietScreen
from tests.bursts import burst
from tests.screen import screen_text
from tests.test_care_pilot import stored_state


def stack(app) -> list[str]:
    return [type(s).__name__ for s in app.screen_stack]


async def test_quiet_mode_then_three_keys_at_once(make_app):
    """The crash as found: m, Enter, then 1 2 3 at once gave exit 70."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "enter")
        assert isinstance(app.screen, QuietScreen)
        await burst(pilot, "1", "2", "3")
        assert stack(app) == ["LiveScreen"]
        assert app.session.state.quiet is None and stored_state(app).quiet is None
        assert "Back from quiet mode." in screen_text(app)
    assert app.return_code in (None, 0)


async def test_care_pause_key_in_quiet_mode_is_not_undone_by_the_next_key(make_app):
    """! leaves quiet mode for a care pause; a key right behind it must not close the pause."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "enter")
        await burst(pilot, "exclamation_mark", "1", "2")
        assert isinstance(app.screen, CarePauseScreen)
        assert stack(app) == ["LiveScreen", "CarePauseScreen"]
        assert app.session.state.care_pause is not None


async def test_enter_held_on_the_quiet_chooser_opens_quiet_mode_once(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await burst(pilot, "enter", "enter", "enter")
        assert stack(app) == ["LiveScreen", "QuietScreen"]
        starts = [e for e in app.session.meeting.events if e["type"] == "quiet_started"]
        assert len(starts) == 1


async def test_enter_held_on_the_reminder_chooser_shows_one_card(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await burst(pilot, "enter", "enter", "enter")
        assert stack(app) == ["LiveScreen"]
        assert app.session.state.reminder is not None
        assert "A gentle reminder" in screen_text(app)


# Every screen the live screen opens, closed by its own key pressed several times at once.
CLOSERS = [
    ("question_mark", "escape"),  # help
    ("question_mark", "q"),
    ("e", "n"),  # confirm: no
    ("exclamation_mark", "enter"),  # care pause
    ("g", "escape"),  # read-aloud agreements
    ("c", "escape"),  # reminder chooser
    ("m", "escape"),  # quiet chooser
    ("O", "escape"),  # notes
    ("w", "escape"),  # attendance
    ("R", "escape"),  # roster
    ("l", "escape"),  # groups
    ("f", "escape"),  # formats
    ("C", "escape"),  # celebrate chooser
]


@pytest.mark.parametrize(("opener", "closer"), CLOSERS)
async def test_closing_key_held_down_closes_one_screen(make_app, opener, closer):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(opener)
        assert len(app.screen_stack) == 2, stack(app)
        await burst(pilot, closer, closer, closer, closer)
        assert isinstance(app.screen, LiveScreen), stack(app)
        assert "Queue" in screen_text(app)
    assert app.return_code in (None, 0)


async def test_enter_held_on_another_group_switches_once(make_app, data_dir):
    from roomtui.session import open_session

    open_session(data_dir, "Carers").close()  # a second group, with a meeting to resume
    app = make_app(group="Starter group")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        rows = [type(r).__name__ for r in app.screen_stack]
        assert rows == ["LiveScreen", "GroupsScreen"]
        text = screen_text(app)
        assert "Carers" in text and "Starter group  (you are here)" in text
        await pilot.press("home")  # Carers sorts first
        await burst(pilot, "enter", "enter", "enter", settle=0.5)
        assert stack(app) == ["LiveScreen"]
        assert app.session.group["name"] == "Carers"
        assert "Now in Carers;" in screen_text(app)
        await pilot.press("l", "down")  # and back: the first group was closed cleanly
        await burst(pilot, "enter", "enter", settle=0.5)
        assert app.session.group["name"] == "Starter group"
        assert stack(app) == ["LiveScreen"]


async def test_enter_held_in_the_note_bar_saves_the_note_once(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", *"hello")
        await burst(pilot, "enter", "enter", "enter")
        notes = [e for e in app.session.meeting.events if e["type"] == "note_added"]
        assert [n["text"] for n in notes] == ["hello"]
        assert len(stored_state(app).notes) == 1


async def test_enter_held_in_the_add_prompt_queues_once(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", *"Ana")
        await burst(pilot, "enter", "enter", "enter")
        assert [e.name for e in app.session.state.queue] == ["Ana"]
        assert "Ana is number 1 in the queue." in screen_text(app)


async def test_keys_right_behind_ending_the_meeting_open_nothing(make_app):
    """Found by the monkey (seed 949086): e, y and f at once ended the meeting, then
    opened the formats screen while the app took its screens down (NoMatches, exit 70)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await burst(pilot, "y", "enter", "o", "f", "R", "g", "question_mark",
                    "m", "w", settle=0.5)
    assert app.return_code == 0
    assert not app.session.state.is_open
    assert stored_state(app).is_open is False


async def test_a_live_screen_on_its_way_out_draws_nothing(make_app):
    """The monkey (seed 5, under load): ctrl+q while the live screen was still mounting;
    its first drawing then met widgets already taken down (NoMatches '#closing', exit
    70). Once the app is quitting, the screen's drawing does nothing."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await screen.query_one("#closing").remove()  # as the shutdown takes it down
        app.exit()
        screen.refresh_view()  # the tick, or on_mount, arriving now
        screen.on_mount()
        await pilot.pause()
    assert app.return_code == 0
