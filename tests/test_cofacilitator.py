"""What the co-facilitator's views may show (roomtui.views.cofacilitator): names and order,
never notes, tags, follow-up flags, markers or anyone's talk time."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting.timers import clock as clock_text
from roomtui.views.cofacilitator import CoView, co_view, room_now
from tests.meeting_helpers import Live


def words(view: CoView) -> str:
    return repr(dataclasses.asdict(view))


def test_not_spoken_yet_the_agenda_ahead_and_the_room():
    live = Live(roster=["Ana", "Ben", "Cara"])
    live.do("next_phase"), live.do("next_phase")
    live.do("queue", "Ana")
    live.do("next")
    live.tick(70)
    view = co_view(live.state, live.at)
    assert view.not_spoken == ("Ben", "Cara") and not view.hushed
    names = [p.name for p in live.state.phases]
    assert [name for name, _ in view.ahead] == names[live.state.phase_index + 1:]
    assert view.room_now == "The share timer"
    live.do("show_reminder", "One voice at a time")
    assert room_now(live.state, live.at) == "Reminder card: “One voice at a time”"


def test_a_quiet_prompt_by_its_title_with_its_silent_timer_and_names_hidden():
    live = Live(roster=["Ana", "Ben"])
    live.do("start_quiet", {"id": "moment-of-silence", "kind": "moment-of-silence",
                            "text": "Be still."}, seconds=60)
    live.tick(15)
    view = co_view(live.state, live.at)
    assert view.hushed and view.not_spoken == ()
    assert view.hush == "Quiet mode: A moment of silence. Names are hidden."
    assert view.room_now == "A moment of silence, silent timer 0:45 left"
    live.tick(60)
    assert co_view(live.state, live.at).room_now.endswith("the silent timer is over")


def test_the_celebration_card_as_the_room_sees_it():
    live = Live(roster=["Ana"])
    live.do("celebrate", "Celebrating 1 year, Ana")
    assert "“Celebrating 1 year, Ana”" in room_now(live.state, live.at)
    hidden = room_now(live.state, live.at, {"room_hide_names": True})
    assert "Celebrating a milestone" in hidden and "Ana" not in hidden


@settings(max_examples=80, deadline=None)
@given(note=st.text(min_size=6, max_size=40).filter(lambda s: s.strip()),
       spoken=st.integers(min_value=61, max_value=4000),
       tag=st.sampled_from(["theme", "follow-up", "resource", "care"]))
def test_never_a_note_a_tag_or_a_talk_time(note, spoken, tag):
    live = Live(roster=["Ana", "Ben", "Cara"])
    live.do("next_phase"), live.do("next_phase")
    live.do("queue", "Ana")
    live.do("next")
    live.tick(spoken)
    live.do("add_note", "QQ" + note, tag=tag)
    live.do("next")
    live.tick(5)
    shown = words(co_view(live.state, live.at))
    assert "QQ" not in shown and tag not in shown.replace("follow", "")
    assert clock_text(spoken) not in shown and str(spoken) not in shown
