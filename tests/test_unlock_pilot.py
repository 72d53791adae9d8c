"""The unlock screen by Pilot: hidden input, three tries, a way out; then the notes open."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from roomtui.session import open_session
from roomtui.storage import GroupBook, crypto, locations, protect
from roomtui.ui.screens.unlock import UnlockApp
from tests.views_helpers import until

GROUP = "Grief [bold]circle[/] 🌱"
PASS = "river stones"


@pytest.fixture(scope="module")
def lock_and_keys():
    return crypto.new_lock(PASS)


@pytest.fixture
def group(lock_and_keys) -> dict:
    return {"id": "grief", "name": GROUP, "lock": lock_and_keys[0]}


def message(app) -> str:
    return str(app.screen.query_one("#unlock-message", Static).content)


async def test_right_passphrase_gives_the_keys(group, lock_and_keys):
    app = UnlockApp(group)
    async with app.run_test() as pilot:
        field = app.screen.query_one(Input)
        assert field.password and field.has_focus
        await pilot.press(*"river", "space", *"stones")
        assert "stones" not in app.export_screenshot()  # hidden as it is typed
        await pilot.press("enter")
        await until(pilot, lambda: app.return_value is not None)
    assert app.return_value.keys == lock_and_keys[1].keys


async def test_three_wrong_tries_then_a_clear_way_out(group):
    app = UnlockApp(group)
    async with app.run_test() as pilot:
        await pilot.press(*"wrong", "enter")
        await until(pilot, lambda: "2 tries left" in message(app))
        await pilot.press(*"again", "enter")
        await until(pilot, lambda: "1 try left" in message(app))
        await pilot.press(*PASS[:-1], "enter")
        await until(pilot, lambda: "Three tries" in message(app))
        assert "escape" in message(app) and app.screen.query_one(Input).disabled
        await pilot.press(*PASS, "enter")  # no fourth try, even with the right one
        await pilot.pause(0.3)
        assert app.is_running and app.return_value is None
        await pilot.press("escape")
        await until(pilot, lambda: not app.is_running)
    assert app.return_value is None


async def test_escape_leaves_without_opening(group):
    app = UnlockApp(group)
    async with app.run_test() as pilot:
        await pilot.press(*"half", "escape")
        await until(pilot, lambda: not app.is_running)
    assert app.return_value is None


async def test_a_damaged_lock_is_said_not_called_a_wrong_passphrase(group):
    app = UnlockApp({**group, "lock": {**group["lock"], "salt": 7}})
    async with app.run_test() as pilot:
        await pilot.press(*PASS, "enter")
        await until(pilot, lambda: "damaged" in message(app))
        assert "tries left" not in message(app)


async def test_the_facilitator_app_shows_plain_notes_and_writes_sealed_ones(
        data_dir, clock, make_app):
    open_session(data_dir, "Circle", clock=clock).close()
    protect.turn_on(data_dir, GroupBook(locations.groups_file(data_dir)).find("Circle"), PASS)
    with pytest.raises(protect.Locked):
        make_app(group="Circle")
    keys = protect.unlock_group(GroupBook(locations.groups_file(data_dir)).find("Circle"), PASS)
    app = make_app(group="Circle", keys=keys)
    async with app.run_test() as pilot:
        await pilot.press("o", *"bring tissues", "enter")
        await until(pilot, lambda: app.session.state.notes)
        assert app.session.state.notes[0].text == "bring tissues"
    raw = b"".join(p.read_bytes() for p in data_dir.rglob("*.json"))
    assert b"tissues" not in raw


def test_unlock_screen_snapshot(snap_compare, group):
    async def one_wrong_try(pilot):
        await pilot.press(*"wrong", "enter")
        await until(pilot, lambda: "tries left" in message(pilot.app))

    assert snap_compare(UnlockApp(group), terminal_size=(80, 24), run_before=one_wrong_try)


async def test_escape_while_a_passphrase_is_tried_leaves_once(group):
    import threading

    release = threading.Event()

    def slow(group_, passphrase):
        release.wait(5)
        return protect.unlock_group(group_, passphrase)

    app = UnlockApp(group)
    async with app.run_test() as pilot:
        app.screen.opener = slow
        await pilot.press(*PASS, "enter")
        await until(pilot, lambda: "Opening" in message(app))
        await pilot.press("escape")
        release.set()
        await until(pilot, lambda: not app.is_running)
    assert app.return_value is None


async def test_review_searches_and_shows_unlocked_notes_only(data_dir, clock):
    from roomtui.ui.review import build_review_app
    from roomtui.ui.screens.summary import SummaryScreen
    from tests.screen import screen_text

    session = open_session(data_dir, "Circle", clock=clock)
    session.attempt(lambda at: session.meeting.add_note("bring tissues", at))
    session.close()
    _group, keys = protect.turn_on(
        data_dir, GroupBook(locations.groups_file(data_dir)).find("Circle"), PASS)
    gid = _group["id"]
    app = build_review_app(data_dir, clock, keys={gid: keys})
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("slash", *"tissues")
        await until(pilot, lambda: "1 meeting with notes matching" in screen_text(app))
        await pilot.press("enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("end")
        await until(pilot, lambda: "bring tissues" in screen_text(app))
    app = build_review_app(data_dir, clock)  # the passphrase was not given: still locked
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("end")
        await until(pilot, lambda: "locked" in screen_text(app))
        assert "tissues" not in screen_text(app) and "roomtui-locked" not in screen_text(app)
        await pilot.press("escape", "slash", *"tissues")
        await until(pilot, lambda: "0 meetings with notes matching" in screen_text(app))


@pytest.mark.parametrize("mode", ["watch", "room"])
async def test_watch_and_room_never_ask_and_show_no_sealed_text(data_dir, clock, mode):
    from roomtui.ui.viewer import ROOM, WATCH, build_viewer
    from tests.screen import screen_text
    from tests.views_helpers import busy_session, shows

    busy_session(data_dir, clock, "Circle").close()
    book = GroupBook(locations.groups_file(data_dir))
    protect.turn_on(data_dir, book.find("Circle"), PASS)
    keys = protect.unlock_group(book.find("Circle"), PASS)
    session = open_session(data_dir, "Circle", clock=clock, keys=keys)
    session.attempt(lambda at: session.meeting.add_note("bring tissues", at))
    try:
        app = build_viewer(data_dir, "Circle", WATCH if mode == "watch" else ROOM, clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            text = await shows(pilot, app, "Ana")  # the meeting, straight away
            assert "passphrase" not in text and "locked" not in text
            assert "tissues" not in screen_text(app) and "roomtui-locked" not in screen_text(app)
    finally:
        session.close()


async def test_switching_to_a_locked_group_asks_first(make_app, data_dir, clock):
    from roomtui.ui.screens.unlock import UnlockScreen
    from tests.screen import screen_text

    session = open_session(data_dir, "Circle", clock=clock)
    session.attempt(lambda at: session.meeting.add_note("bring tissues", at))
    session.close()
    protect.turn_on(data_dir, GroupBook(locations.groups_file(data_dir)).find("Circle"), PASS)
    app = make_app(group="Starter group")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await until(pilot, lambda: "Circle" in screen_text(app))
        await pilot.press("home", "enter")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert "stay in this group" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: "You stayed in Starter group" in screen_text(app))
        assert app.session.group["name"] == "Starter group"
        await pilot.press("home", "enter")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*PASS, "enter")
        await until(pilot, lambda: app.session.group["name"] == "Circle")
        assert [n.text for n in app.session.state.notes] == ["bring tissues"]
        await pilot.press("o", *"more tissues", "enter")
        await until(pilot, lambda: len(app.session.state.notes) == 2)
    raw = b"".join(p.read_bytes() for p in data_dir.rglob("*.json"))
    assert b"tissues" not in raw
