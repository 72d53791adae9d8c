"""watch and room driven in Pilot against a real meeting file written by a real session."""

from __future__ import annotations

from roomtui.session import open_session
from roomtui.storage import GroupBook, locations
from roomtui.ui.viewer import ROOM, WATCH, build_viewer
from roomtui.views import inbox
from roomtui.views.room_view import HIDE_NAMES
from tests.pilots import screen_after
from tests.screen import screen_text, shows_big
from tests.views_helpers import GROUP, busy_session, shows, until, viewing


async def test_watch_shows_queue_speaker_and_follows_changes(data_dir, clock):
    session = busy_session(data_dir, clock)
    async with viewing(data_dir, clock) as (app, pilot):
        text = await shows(pilot, app, "Ana Smith  sharing")
        assert "3:00 limit" in text and shows_big(text, "0:50")
        assert "one minute left" in text
        assert " 1  ↪ Dev  direct" in text and " 2  Ben" in text and "Zoë [b]x[/]" in text
        assert "(press n)" not in text and "facilitator's app is not running" not in text
        session.record(session.meeting.next(clock()))  # the facilitator presses n
        text = await shows(pilot, app, "Dev  direct response")
        assert "↪ Dev" not in text
    session.close()


async def test_watch_waits_for_a_meeting_then_shows_it(data_dir, clock):
    data_dir.mkdir(parents=True)
    async with viewing(data_dir, clock) as (app, pilot):
        await shows(pilot, app, "Waiting for “Tuesday circle” to begin a meeting")
        session = open_session(data_dir, GROUP, clock=clock)
        session.record(session.meeting.queue("Cara", clock()))
        text = await shows(pilot, app, " 1  Cara")
        assert "Waiting for" not in text
        session.record(session.meeting.end(clock()))
        session.close()
        await shows(pilot, app, "The meeting has ended.")


async def test_watch_says_when_the_facilitator_app_is_not_running(data_dir, clock):
    busy_session(data_dir, clock).close()
    async with viewing(data_dir, clock) as (app, pilot):
        text = await shows(pilot, app, "The facilitator's app is not running")
        assert "Ana Smith" in text


async def test_h_notes_a_raised_hand_in_the_inbox_not_the_meeting(data_dir, clock):
    session = busy_session(data_dir, clock)
    events = len(session.meeting.events)
    async with viewing(data_dir, clock, showing="Ana Smith") as (app, pilot):
        text = await screen_after(pilot, "h", *"Femi", "enter")
        assert "Sent to the facilitator: Femi's raised hand." in text
        assert "A name cannot be empty." in await screen_after(pilot, "h", "space", "enter")
    hands = inbox.pending(data_dir, session.group["id"])
    assert [h.name for h in hands] == ["Femi"]
    from roomtui.storage import MeetingLog

    path = locations.meeting_file(data_dir, session.state.id)
    assert len(MeetingLog(path, readonly=True).events()) == events  # meeting untouched
    session.close()


async def test_the_facilitator_accepts_a_raised_hand_with_h(make_app, data_dir):
    app = make_app()
    gid, mid = app.session.group["id"], app.session.state.id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert "No raised hands waiting." in screen_text(app)
        inbox.raise_hand(data_dir, gid, "Femi", meeting=mid)
        inbox.raise_hand(data_dir, gid, "Zoë [b]x[/]", meeting=mid)
        (inbox.folder(data_dir, gid) / "0-bad.hand.json").write_bytes(b"\x00\xff" * 500_000)
        text = await shows(pilot, app, "Raised hands: Femi, Zoë [b]x[/]")
        assert "h accepts, j declines Femi" in text
        assert [e.name for e in app.session.state.queue] == []  # waits for the facilitator
        await pilot.press("h")
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Femi"]
        assert "Raised hand: Femi is number 1 in the queue." in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Femi", "Zoë [b]x[/]"]
        await shows(pilot, app,
                    "Ignored a raised hand that could not be read (larger than 4096 bytes)")
        femi = inbox.raise_hand(data_dir, gid, "femi", meeting=mid)
        await shows(pilot, app, "Raised hands: femi")
        await pilot.press("h")
        await pilot.pause()
        assert "Raised hand for femi declined: Femi is already waiting." in screen_text(app)
        assert inbox.status(data_dir, gid, femi.key) == inbox.Reply(
            inbox.DECLINED, "Femi is already waiting.")
        assert inbox.pending(data_dir, gid) == []
        assert [e.name for e in app.session.state.queue] == ["Femi", "Zoë [b]x[/]"]


async def test_a_group_can_accept_raised_hands_automatically(make_app, data_dir):
    app = make_app()
    gid = app.session.group["id"]
    app.session.group = {**app.session.group, "settings": {"auto_accept_hands": True}}
    mid = app.session.state.id
    async with app.run_test(size=(100, 30)) as pilot:
        inbox.raise_hand(data_dir, gid, "Ben", meeting=mid)
        inbox.raise_hand(data_dir, gid, "Cara", meeting=mid)
        await until(pilot, lambda: len(app.session.state.queue) == 2)
        assert [e.name for e in app.session.state.queue] == ["Ben", "Cara"]
        assert inbox.pending(data_dir, gid) == []


async def test_room_shows_phase_timer_and_first_name_only(data_dir, clock):
    session = busy_session(data_dir, clock)
    async with viewing(data_dir, clock, ROOM) as (app, pilot):
        text = await shows(pilot, app, "◔ one minute left")
        assert "Sharing" in text
        lines = [line.strip() for line in text.splitlines()]
        assert "Ana" in lines and "Smith" not in text
        # Nothing of the queue, the roster or the talk-time figures.
        for private in ("Ben", "Dev", "Zoë", "Cara", "Femi", "direct", "not yet", "2:10",
                        "Turns", "○"):
            assert private not in text
    session.close()


async def test_room_hides_names_when_the_group_says_so(data_dir, clock):
    session = busy_session(data_dir, clock)
    GroupBook(locations.groups_file(data_dir)).update(
        session.group["id"], settings={HIDE_NAMES: True}
    )
    async with viewing(data_dir, clock, ROOM) as (app, pilot):
        text = await shows(pilot, app, "one minute left")
        assert "Ana" not in text
    session.close()


async def test_room_waiting_and_ended(data_dir, clock):
    data_dir.mkdir(parents=True)
    async with viewing(data_dir, clock, ROOM) as (app, pilot):
        await shows(pilot, app, "The meeting will begin soon.")
        session = busy_session(data_dir, clock)
        await shows(pilot, app, "Ana")
        session.record(session.meeting.end(clock()))
        session.close()
        text = await shows(pilot, app, "The meeting has ended")
        assert "Ana" not in text


async def test_watch_hides_names_during_a_care_pause(data_dir, clock):
    session = busy_session(data_dir, clock)
    app = build_viewer(data_dir, GROUP, WATCH, clock=clock)
    session.record(session.meeting.start_care_pause(clock()))
    async with app.run_test(size=(100, 30)) as pilot:
        text = await shows(pilot, app, "Care pause: every timer is stopped; names are hidden.")
        for name in ("Ana", "Ben", "Dev", "Zoë"):
            assert name not in text
    session.close()
