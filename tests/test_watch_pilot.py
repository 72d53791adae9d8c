"""watch in Pilot, screen state by screen state, against a meeting written by a real
session (the single writer): what the co-facilitator sees, raised hands answered,
withdrawn and dropped, nudges, and names hidden in quiet mode and a care pause."""

from __future__ import annotations

import pytest

from roomtui.storage import GroupBook, MeetingLog, locations
from roomtui.views import inbox
from roomtui.views.follow import Follower
from tests.screen import screen_text
from tests.views_helpers import GROUP, busy_session, shows, until, viewing

SIZE = (110, 34)


async def raise_hand(pilot, watch, name: str) -> None:
    """``h``, the name, Enter in watch; wait until watch says the hand waits."""
    await pilot.press("h", *name, "enter")
    await shows(pilot, watch, f"{name}: waiting for the facilitator")


async def open_nudges(pilot, watch) -> None:
    """``k`` in watch: wait for the list of nudges."""
    await pilot.press("k")
    await shows(pilot, watch, "A private nudge to the facilitator")


async def test_the_co_facilitator_sees_who_has_not_spoken_the_agenda_and_the_room(
        data_dir, clock):
    session = busy_session(data_dir, clock)
    meeting = session.meeting
    session.record(meeting.add_note("Ben seemed low; follow up", clock(), tag="follow-up"))
    async with viewing(data_dir, clock, size=SIZE) as (app, pilot):
        text = await shows(pilot, app, "Not spoken yet")
        assert "The room sees: The share timer" in text
        assert "Agenda ahead" in text and "Break  10 min" in text and "Close  5 min" in text
        assert "Welcome" not in text.split("Agenda ahead")[1]  # only what is ahead
        for private in ("follow up", "follow-up", "Ben seemed", "2:10", "not yet", "○",
                        "Turns", "new", "milestone"):
            assert private not in text
        session.record(meeting.show_reminder("One voice at a time", clock()))
        await shows(pilot, app, "The room sees: Reminder card: “One voice at a time”")
        session.record(meeting.celebrate("Celebrating 1 year, Ana", clock()))
        await shows(pilot, app, "Celebration card: “Celebrating 1 year, Ana”")
    session.close()


async def test_the_room_line_names_a_quiet_prompt_by_its_title_and_counts_its_timer(
        data_dir, clock):
    session = busy_session(data_dir, clock)
    meeting = session.meeting
    async with viewing(data_dir, clock, size=SIZE) as (app, pilot):
        await shows(pilot, app, "Ana Smith")
        prompt = {"id": "moment-of-silence", "kind": "moment-of-silence", "text": "Be still."}
        session.record(meeting.start_quiet(prompt, clock(), seconds=120))
        text = await shows(pilot, app, "A moment of silence, silent timer 2:00 left")
        assert "moment-of-silence" not in text
        assert "Quiet mode: A moment of silence. Names are hidden." in text
        clock.advance(45)
        await shows(pilot, app, "silent timer 1:15 left")
        session.record(meeting.end_quiet(clock()))
        box = {"id": "breathing-box", "kind": "breathing-box", "text": "Breathe."}
        session.record(meeting.start_quiet(box, clock()))
        text = await shows(pilot, app, "The room sees: Box breathing")
        assert "breathing-box" not in text
    session.close()


async def test_a_hand_waits_is_declined_then_accepted_and_watch_says_so(
        make_app, data_dir, clock):
    fac = make_app(group=GROUP)
    session = fac.session
    for name in ("Ana", "Ben"):
        session.record(session.meeting.queue(name, clock()))
    async with viewing(data_dir, clock, size=SIZE) as (watch, pilot):
        await shows(pilot, watch, " 2  Ben")
        await pilot.press("h", *"Femi", "enter")
        await shows(pilot, watch, "Your raised hand: Femi: waiting for the facilitator")
        hands, _ = session.raised_hands()
        assert [h.name for h in hands] == ["Femi"]
        assert session.decline_hand(hands[0]) == (
            True, "Declined Femi's raised hand (watch is told).")
        await shows(pilot, watch, "Femi: ✗ declined: the facilitator declined it")
        await pilot.press("h", *"Femi", "enter")
        await until(pilot, lambda: session.raised_hands()[0] != [])
        answered, said = session.accept_hand(session.raised_hands()[0][0])
        assert answered and said == "Raised hand: Femi is number 3 in the queue."
        await shows(pilot, watch, "Femi: ✓ accepted, number 3 in the queue")
        text = await shows(pilot, watch, " 3  Femi")
        assert "w withdraws" not in text
    gid = session.group["id"]
    assert sorted(p.name for p in inbox.folder(data_dir, gid).iterdir()) == []  # all tidied


async def test_a_refused_hand_is_declined_with_the_reason(make_app, data_dir, clock):
    fac = make_app(group=GROUP)
    session = fac.session
    session.record(session.meeting.start_round(clock(), names=["Ana", "Ben"]))
    gid, mid = session.group["id"], session.state.id
    hand = inbox.raise_hand(data_dir, gid, "ben", meeting=mid)
    answered, said = session.accept_hand(session.raised_hands()[0][0])
    assert answered and said == "Raised hand for ben declined: ben is already in this round."
    assert inbox.status(data_dir, gid, hand.key) == inbox.Reply(
        inbox.DECLINED, "ben is already in this round.")


async def test_a_hand_can_be_withdrawn_while_it_waits(make_app, data_dir, clock):
    session = make_app(group=GROUP).session
    async with viewing(data_dir, clock, size=SIZE, showing="Nobody waiting") as (watch, pilot):
        await pilot.press("w")
        await shows(pilot, watch, "No raised hand of yours is waiting.")
        await raise_hand(pilot, watch, "Dev")
        await pilot.press("w")
        text = await shows(pilot, watch, "Dev: withdrawn")
        assert "Withdrew Dev's raised hand." in text
    assert session.raised_hands() == ([], "")


async def test_a_hand_for_a_meeting_that_ended_is_dropped_saying_so(make_app, data_dir, clock):
    session = make_app(group=GROUP).session
    async with viewing(data_dir, clock, size=SIZE, showing="Nobody waiting") as (watch, pilot):
        await raise_hand(pilot, watch, "Dev")
        session.record(session.meeting.end(clock()))
        await shows(pilot, watch, "Dev: dropped: the meeting it was raised in has ended")
        await shows(pilot, watch, "The meeting has ended.")  # the status line: its own redraw
        await pilot.press("h")
        await shows(pilot, watch, "No meeting under way to raise a hand in.")
    gid = session.group["id"]
    assert list(inbox.folder(data_dir, gid).iterdir()) == []


async def test_the_facilitator_drops_a_hand_from_an_earlier_meeting(make_app, data_dir, clock):
    first = make_app(group=GROUP)
    gid, old = first.session.group["id"], first.session.state.id
    first.session.record(first.session.meeting.end(clock()))
    first.session.close()
    hand = inbox.raise_hand(data_dir, gid, "Dev", meeting=old)
    clock.advance(600)
    app = make_app(group=GROUP)
    async with app.run_test(size=SIZE) as pilot:
        await shows(pilot, app, "Dropped Dev's raised hand: the meeting it was raised in has "
                    "ended.")
        assert "Raised hands" not in screen_text(app)
        assert app.session.state.queue == []
    assert inbox.status(data_dir, gid, hand.key).answer == inbox.DROPPED


async def test_j_declines_the_oldest_hand_in_the_facilitator_app(make_app, data_dir, clock):
    app = make_app(group=GROUP)
    gid, mid = app.session.group["id"], app.session.state.id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await shows(pilot, app, "No raised hands waiting.")
        hand = inbox.raise_hand(data_dir, gid, "Femi", meeting=mid)
        await shows(pilot, app, "h accepts, j declines Femi")
        await pilot.press("j")
        text = await shows(pilot, app, "Declined Femi's raised hand (watch is told).")
        assert "Raised hands:" not in text and app.session.state.queue == []
    assert inbox.status(data_dir, gid, hand.key) == inbox.Reply(
        inbox.DECLINED, "the facilitator declined it")


async def test_a_hand_never_stays_on_screen_while_names_are_hidden(make_app, data_dir, clock):
    session = make_app(group=GROUP).session
    async with viewing(data_dir, clock, size=SIZE, showing="Nobody waiting") as (watch, pilot):
        await raise_hand(pilot, watch, "Zed")
        session.record(session.meeting.start_care_pause(clock()))
        text = await shows(pilot, watch, "names are hidden")
        assert "Zed" not in text
        session.record(session.meeting.end_care_pause(clock()))
        await shows(pilot, watch, "Zed: waiting for the facilitator")
        prompt = {"id": "reflection", "kind": "reflection", "text": "What helps?"}
        session.record(session.meeting.start_quiet(prompt, clock()))
        text = await shows(pilot, watch, "Quiet mode: A question to reflect on. Names are hidden.")
        assert "Zed" not in text


async def test_a_nudge_shows_on_the_facilitators_screen_and_is_logged_without_text(
        make_app, data_dir, clock):
    fac = make_app(group=GROUP)
    async with viewing(data_dir, clock, size=SIZE, showing="Nobody waiting") as (watch, pilot):
        await open_nudges(pilot, watch)
        await pilot.press("down", "enter")
        await shows(pilot, watch, "Nudge sent to the facilitator: someone needs a moment.")
    async with fac.run_test(size=SIZE) as pilot:
        await shows(pilot, fac, "Nudge from your co-facilitator: someone needs a moment.")
    path = locations.meeting_file(data_dir, fac.session.state.id)
    nudges = [e for e in MeetingLog(path, readonly=True).events() if e["type"] == "nudged"]
    assert len(nudges) == 1 and set(nudges[0]) == {"seq", "type", "at"}
    assert list(inbox.folder(data_dir, fac.session.group["id"]).iterdir()) == []


async def test_watch_follows_its_group_by_id_through_a_rename(data_dir, clock):
    session = busy_session(data_dir, clock)
    follower = Follower(data_dir, GROUP)
    assert follower.poll().group_name == GROUP
    GroupBook(locations.groups_file(data_dir)).update(session.group["id"], name="Wednesday")
    session.record(session.meeting.queue("Eli", clock()))
    snap = follower.poll()
    assert snap.group_name == "Wednesday" and snap.state.queue[-1].name == "Eli"
    session.close()


async def test_nothing_changed_is_the_same_snapshot(data_dir, clock):
    session = busy_session(data_dir, clock)
    follower = Follower(data_dir, GROUP)
    first = follower.poll()
    assert follower.poll() is follower.poll()
    session.record(session.meeting.queue("Eli", clock()))
    assert follower.poll() is not first
    session.close()
    assert not follower.poll().facilitator_running  # the lock going is a change too


@pytest.mark.process
def test_a_misspelled_group_says_so_with_close_matches(data_dir, clock):
    import subprocess
    import sys

    busy_session(data_dir, clock).close()
    for view in ("watch", "room"):
        proc = subprocess.run(
            [sys.executable, "-m", "roomtui", view, "--data-dir", str(data_dir),
             "--group", "tuesdy circle"],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip() == ("roomtui: There is no group called “tuesdy circle”. "
                                       "Did you mean “Tuesday circle”?")
    proc = subprocess.run(
        [sys.executable, "-m", "roomtui", "room", "--data-dir", str(data_dir),
         "--group", "[bold]Zebra\x1b[31m"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and "\x1b" not in proc.stderr
    assert "Groups: “Tuesday circle”." in proc.stderr


async def test_enter_held_on_the_nudge_list_sends_one_and_crashes_nothing(make_app, data_dir,
                                                                           clock):
    """The monkey (seed 509106): Enter held on the nudge list dismissed it twice, and the
    second popped the watch screen itself (ScreenStackError, exit 70)."""
    from tests.bursts import burst

    fac = make_app(group=GROUP)
    async with viewing(data_dir, clock, size=SIZE, showing="Nobody waiting") as (watch, pilot):
        await open_nudges(pilot, watch)
        await burst(pilot, "enter", "enter", "enter", settle=0.5)
        assert watch.return_code is None
        assert [type(s).__name__ for s in watch.screen_stack][-1] != "NudgeChooser"
    nudges = inbox.nudges(data_dir, fac.session.group["id"])
    assert len(nudges) == 1
    fac.session.close()
