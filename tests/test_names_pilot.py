"""People, not strings: typing and picking names in the live screen (Pilot)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from roomtui import groups
from roomtui.formats.files import default_format
from roomtui.meeting import Meeting
from roomtui.session import roster_names
from roomtui.storage import GroupBook, MeetingLog, locations
from roomtui.ui.widgets.hands import HandsBar
from roomtui.views import inbox
from tests.pilots import screen_after
from tests.screen import screen_text

CIRCLE = ["José", "Zoë", "Ngozi", "李雷", "Aisha", "Søren", "Priya", "Mateus"]


@pytest.fixture
def circle(data_dir):
    """A group whose roster is the issue's circle."""
    GroupBook(locations.groups_file(locations.data_dir(data_dir))).create(
        "Circle", format=default_format()["name"],
        roster=[{"name": n, "role": "member"} for n in CIRCLE])
    return "Circle"


def queue(app) -> list[str]:
    return [e.name for e in app.session.state.queue]


def stored(app):
    path = locations.meeting_file(app.session.root, app.session.state.id)
    return Meeting(MeetingLog(path, readonly=True).events()).state


async def raise_hand_then_h(pilot, typed: str) -> str:
    """A hand raised for ``typed`` in this meeting, then ``h``: the screen after."""
    app = pilot.app
    inbox.raise_hand(app.session.root, app.session.group["id"], typed,
                     meeting=app.session.state.id)
    app.screen.query_one(HandsBar).poll()  # what its next look would find
    await pilot.pause()
    return await screen_after(pilot, "h")


def prompt_label(app) -> str:
    return str(app.screen.query_one("#prompt-label").render())


def listed(app) -> list[str]:
    listing = app.screen.query_one("#prompt-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_a_name_typed_without_accents_is_the_roster_person(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        for typed in ("zoe", "jose", "so"):
            await pilot.press("a", *typed, "enter")
            await pilot.pause()
        await pilot.press("a", *"李", "enter")
        await pilot.pause()
        assert queue(app) == ["Zoë", "José", "Søren", "李雷"]
        assert not app.screen.query_one("#prompt").display  # nobody was asked about
        assert app.session.state.guests == []
        assert roster_names(app.session.group) == CIRCLE  # no guest "zoe" in the roster
        assert "Zoë is number 1" not in screen_text(app)  # the last message is about 李雷
        assert "李雷 is number 4 in the queue." in screen_text(app)
        assert [e.name for e in stored(app).queue] == queue(app)


async def test_a_name_that_matches_nobody_is_asked_about_once(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"Zoey", "enter")
        await pilot.pause()
        assert prompt_label(app) == "New person: Zoey? Enter adds, Esc goes back"
        assert listed(app) == [" 2  Zoë"]  # the near match, ready to pick
        assert queue(app) == []
        await pilot.press("escape")  # back to the name, to fix it
        await pilot.pause()
        assert prompt_label(app) == "Add to queue:"
        assert app.focused.value == "Zoey"
        await pilot.press("enter", "enter")  # asked again; this time it is a new person
        await pilot.pause()
        assert queue(app) == ["Zoey"]
        assert roster_names(app.session.group) == [*CIRCLE, "Zoey"]
        await pilot.press("u")  # a mistake, undone before Zoey took a turn
        await pilot.pause()
        assert queue(app) == []
        assert roster_names(app.session.group) == CIRCLE
        assert "Zoey" not in app.session.state.people()
        assert "Zoey" not in stored(app).people()


async def test_picking_a_near_match_from_the_question(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"Sorn", "enter")
        await pilot.pause()
        assert listed(app)[0].endswith("Søren")
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert queue(app) == ["Søren"]
        assert app.session.state.guests == []


async def test_tab_lists_people_not_waiting_by_seat_and_enter_picks(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"zoe", "enter")
        await pilot.press("a", "tab")
        await pilot.pause()
        assert listed(app) == [" 1  José", " 3  Ngozi", " 4  李雷", " 5  Aisha", " 6  Søren",
                               " 7  Priya", " 8  Mateus"]
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "down", "enter")  # 李雷, with no Chinese input method
        await pilot.pause()
        assert queue(app) == ["Zoë", "李雷"]
        # ↓ opens it too, and typing narrows it.
        await pilot.press("a", *"pri", "down")
        await pilot.pause()
        assert listed(app) == [" 7  Priya"]
        await pilot.press("escape")  # Esc in the list goes back to the field
        await pilot.pause()
        assert app.focused is app.screen.query_one("#prompt-input")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one("#prompt").display
        assert queue(app) == ["Zoë", "李雷"]


async def test_digits_pick_by_seat_number(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "4", "enter")
        await pilot.press("a", "8", "enter")
        await pilot.pause()
        assert queue(app) == ["李雷", "Mateus"]
        await pilot.press("a", "9", "enter")  # no seat 9: a name nobody has, so asked
        await pilot.pause()
        assert prompt_label(app).startswith("New person: 9?")


async def test_zero_width_joiners_survive_typing(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "👩", "\u200d", "🦰", "enter")
        await pilot.pause()
        assert app.focused.value == "👩\u200d🦰"  # asked about, joiner kept
        await pilot.press("enter")
        await pilot.press("a", *"مهر", "\u200c", *"داد", "enter", "enter")
        await pilot.pause()
        assert queue(app) == ["👩\u200d🦰", "مهر\u200cداد"]
        assert [e.name for e in stored(app).queue] == ["👩\u200d🦰", "مهر\u200cداد"]


async def test_a_raised_hand_finds_the_person(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await raise_hand_then_h(pilot, "pri")
        assert queue(app) == ["Priya"]
        assert app.session.state.guests == []


async def test_seat_order_follows_the_roster_made_after_the_meeting_opened(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        session = app.session
        for _i in range(len(groups.people(session))):  # an empty roster, as on a first day
            groups.remove_person(session, 0)
        for name in ("Cara", "Ana"):
            await pilot.press("a", *name, "enter", "enter")
        await pilot.pause()
        assert session.state.guests == ["Cara", "Ana"]
        for _i in range(len(groups.people(session))):
            groups.remove_person(session, 0)
        for name in ("Ana", "Ben", "Cara"):  # README step 1: make the roster
            groups.add_person(session, name)
        assert session.state.people() == ["Ana", "Ben", "Cara"]
        await pilot.press("a", *"ben", "enter")
        await pilot.pause()
        assert [e.name for e in session.state.queue] == ["Cara", "Ana", "Ben"]
        assert not any(e.get("guest") for e in session.meeting.events if e.get("name") == "Ben")
        groups.move_person(session, 2, -2)  # Cara to the first seat, mid-meeting
        assert stored(app).people() == ["Cara", "Ana", "Ben"]


async def test_watch_h_pri_sends_priya(data_dir, clock, circle):
    from roomtui.session import open_session
    from roomtui.ui.viewer import WATCH, build_viewer
    from tests.views_helpers import shows

    session = open_session(locations.data_dir(data_dir), circle, clock=clock)
    session.record(session.meeting.queue("José", clock()))
    app = build_viewer(data_dir, circle, WATCH, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await shows(pilot, app, "José")
        text = await screen_after(pilot, "h", *"Pri", "enter")
        assert "Sent to the facilitator: Priya's raised hand." in text
        await pilot.press("h", *"Ma", "tab", "enter")  # or pick from the list
        await pilot.pause()
    assert [h.name for h in inbox.pending(data_dir, session.group["id"])] == ["Priya", "Mateus"]
    session.close()


async def test_a_raised_hand_that_could_be_two_people_asks_the_facilitator(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        groups.add_person(app.session, "Prince")
        text = await raise_hand_then_h(pilot, "Pri")
        assert queue(app) == []
        assert "Raised hand for Pri: Priya or Prince? Add them with a." in text
        assert "Pri" not in app.session.state.people()


async def test_seat_numbers_stay_the_roster_seats_when_someone_is_absent(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        session = app.session
        present = [n for n in CIRCLE if n != "Zoë"]
        session.record(session.meeting.take_attendance(present, CIRCLE, session.now()))
        await pilot.press("a", "tab")
        await pilot.pause()
        assert listed(app)[:3] == [" 1  José", " 3  Ngozi", " 4  李雷"]
        await pilot.press("escape", "escape", "escape")
        await pilot.press("a", "4", "enter")
        await pilot.pause()
        assert queue(app) == ["李雷"]


async def test_direct_response_finds_the_person_too(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b", "p", "p", "p")  # begin, then Sharing: crosstalk allowed
        await pilot.press("a", *"jose", "enter", "a", *"ngozi", "enter", "n")
        await pilot.press("d", *"ZOE", "enter")
        await pilot.pause()
        assert [(e.name, e.kind) for e in app.session.state.queue] == [
            ("Zoë", "direct"), ("Ngozi", "share")]
        assert app.session.state.guests == []


async def test_the_list_shows_hostile_names_literally(make_app, data_dir):
    hostile = ["[b]x[/]", "\x1b[31mRed", "נועה 🌱"]
    GroupBook(locations.groups_file(locations.data_dir(data_dir))).create(
        "Odd", format=default_format()["name"],
        roster=[{"name": n, "role": "member"} for n in hostile])
    app = make_app(group="Odd")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "tab")
        await pilot.pause()
        assert listed(app) == [" 1  [b]x[/]", " 2  Red", " 3  נועה 🌱"]  # escapes cleaned
        assert "[b]x[/]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert queue(app) == ["[b]x[/]"]


async def test_the_field_shows_the_rest_of_the_name_as_typed(make_app, circle):
    from roomtui.ui.widgets.prompt import NameSuggester

    suggester = NameSuggester([*CIRCLE, "Straßer"])
    assert await suggester.get_suggestion("so") == "soren"
    assert await suggester.get_suggestion("strass") == "strasser"
    assert await suggester.get_suggestion("李") == "李雷"
    assert await suggester.get_suggestion("zoe") is None  # already the whole name
    assert await suggester.get_suggestion("so ") is None  # a space turns completion off
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "s", "o", "right", "enter")  # → accepts the completion
        await pilot.pause()
        assert queue(app) == ["Søren"]


async def test_a_note_keeps_a_typed_zero_width_non_joiner_and_hints_at_names(make_app, circle):
    app = make_app(group=circle)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o", *"می", "\u200c", *"خواهم ", *"zoe", "\u200d")
        await pilot.pause()
        assert app.focused.value == "می\u200cخواهم zoe\u200d"
        assert "Zoë (→ Z.)" in screen_text(app)  # the initials hint finds Zoë as typed
        await pilot.press("enter")
        await pilot.pause()
        assert stored(app).notes[-1].text == "می\u200cخواهم zoe\u200d"
