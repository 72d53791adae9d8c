"""The room view never shows notes, talk-time figures or private markers; it shows
quiet mode, care pause and the reminder card when the facilitator puts them up."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting.errors import Refused
from roomtui.meeting.timers import clock as clock_text
from roomtui.ui.viewer import ROOM, build_viewer
from roomtui.views.follow import Snapshot
from roomtui.views.room_view import CARE_PAUSE_WORDS, RoomView, room_view
from tests.meeting_helpers import Live
from tests.views_helpers import GROUP, busy_session, shows

NOTE = "Follow up with Ben about housing"


def all_text(view: RoomView) -> str:
    """Every word the room screen could draw from this view."""
    words = [v for v in dataclasses.asdict(view).values() if isinstance(v, str)]
    if view.reading is not None:
        words += [view.reading.display, view.reading.word]
    return " ".join(words)


def with_extras(state, **extras):
    """The state with the fields other features add (notes, quiet, care pause)."""
    for name, value in extras.items():
        setattr(state, name, value)
    return state


async def test_with_notes_and_stats_present_the_room_screen_shows_none(data_dir, clock, monkeypatch):
    session = busy_session(data_dir, clock)
    meeting = session.meeting
    if hasattr(meeting, "add_note"):
        session.record(meeting.add_note(NOTE, clock()))
    session.record(meeting.next(clock()))  # Ana's turn ends: 2:10 of talk time on record
    clock.advance(15)
    app = build_viewer(data_dir, GROUP, ROOM, clock=clock)
    real_poll = app.follower.poll

    def poll():
        snap = real_poll()
        if snap.state is not None and not getattr(snap.state, "notes", None):
            with_extras(snap.state, notes=[SimpleNamespace(text=NOTE, tag="follow-up", at=0)])
        return snap

    monkeypatch.setattr(app.follower, "poll", poll)
    async with app.run_test(size=(120, 36)) as pilot:
        text = await shows(pilot, app, "Dev")
        stats = session.state.stats(clock())
        assert stats["Ana Smith"].seconds == 130 and app.snapshot.state.notes
        assert "Dev" in text  # the speaker's first name is shown …
        for private in (NOTE, "housing", "2:10", "Ana", "Ben", "Zoë", "not yet", "○", "Turns",
                        "direct", "Time"):
            assert private not in text  # … and nothing private
    session.close()


async def test_care_pause_and_quiet_mode_fill_the_room_screen_without_names(data_dir, clock):
    session = busy_session(data_dir, clock)
    meeting = session.meeting
    app = build_viewer(data_dir, GROUP, ROOM, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await shows(pilot, app, "Ana")
        session.record(meeting.start_care_pause(clock()))
        text = await shows(pilot, app, CARE_PAUSE_WORDS)
        assert "Ana" not in text and "one minute left" not in text
        session.record(meeting.end_care_pause(clock()))
        await shows(pilot, app, "Ana")
        prompt = {"id": "moment-of-silence", "kind": "moment-of-silence", "text": "Breathe slowly."}
        session.record(meeting.start_quiet(prompt, clock(), seconds=120))
        text = await shows(pilot, app, "A moment of silence")
        assert "Breathe slowly." in text and "Ana" not in text
        assert "2:00" in text  # the silent timer, counted from the stored start
        session.record(meeting.end_quiet(clock()))
        session.record(meeting.show_reminder("One voice at a time", clock()))
        text = await shows(pilot, app, "One voice at a time")
        assert "Ana" in text  # the card shows beside the speaker, not instead
    session.close()


def test_reminder_card_shows_with_the_timer():
    live = Live()
    live.do("next_phase"), live.do("next_phase")
    live.do("queue", "Ana")
    live.do("next")
    live.do("show_reminder", "One voice at a time")
    view = room_view(live.state, live.at, {})
    assert view.reminder == "One voice at a time" and view.speaker == "Ana"
    assert view.reading is not None


def test_nothing_on_screen_while_waiting_and_only_an_ending_when_ended():
    assert room_view(None, 0.0) == RoomView()
    live = Live()
    live.do("queue", "Ana")
    live.do("next")
    live.do("end")
    view = room_view(live.state, live.at)
    assert view.ended and view.speaker == "" and view.reading is None


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
).filter(lambda s: s.split())


@settings(max_examples=120, deadline=None)
@given(people=st.lists(names, min_size=1, max_size=5, unique_by=lambda s: s.casefold()),
       note=st.text(min_size=8, max_size=60).filter(lambda s: s.strip()),
       spoken=st.integers(min_value=61, max_value=5000), hide=st.booleans())
def test_the_room_projection_only_carries_the_speakers_first_name(people, note, spoken, hide):
    live = Live(roster=[])
    for person in people:
        try:
            live.do("queue", "ZQ" + person)
        except Refused:  # a name the core refuses (empty after cleaning, a twin): skip it
            continue
    if not live.state.queue:
        return
    live.do("next")
    live.tick(spoken)
    state = with_extras(live.state, notes=[SimpleNamespace(text="ZZ" + note, tag="care")])
    view = room_view(state, live.at, {"room_hide_names": hide})
    shown = all_text(view)
    assert "ZZ" + note.strip() not in shown
    current = state.current.name
    assert view.speaker == ("" if hide else current.split()[0])
    assert shown.count("ZQ") == view.speaker.count("ZQ")  # nobody else's name
    assert clock_text(spoken) not in shown.replace(view.reading.display, "")
    assert Snapshot("live").message == "The facilitator's app is not running: showing the " \
        "meeting as last saved."


async def test_watch_and_browser_views_never_show_notes(data_dir, clock):
    from roomtui.ui.viewer import WATCH

    session = busy_session(data_dir, clock)
    session.record(session.meeting.add_note(NOTE, clock(), tag="follow-up"))
    assert [n.text for n in session.state.notes] == [NOTE]
    app = build_viewer(data_dir, GROUP, WATCH, clock=clock)
    async with app.run_test(size=(160, 48)) as pilot:
        text = await shows(pilot, app, "Ana Smith")
        assert app.snapshot.state.notes  # the reader has the note …
        assert "housing" not in text and "follow-up" not in text  # … and never shows it
    session.close()
