"""Attendance in the meeting core: who is here, latecomers, leavers, rounds over the present."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting import Meeting, Refused
from roomtui.meeting.attendance import ATTENDANCE_TAKEN
from tests.meeting_helpers import ROSTER, Live, assert_replays, play


def taken(live: Live, names: list[str]) -> Live:
    live.do("take_attendance", names, ROSTER)
    return live


def test_before_attendance_everyone_counts_as_present():
    live = Live()
    assert live.state.present() == ROSTER
    assert live.state.attendance is None


def test_present_is_in_seat_order_whatever_order_they_were_marked():
    live = taken(Live(), ["Dev", "Ana", "Cara"])
    assert live.state.present() == ["Ana", "Cara", "Dev"]
    assert live.state.not_yet_spoken() == ["Ana", "Cara", "Dev"]


def test_a_round_goes_only_around_the_people_present_in_seat_order():
    live = taken(Live(), ["Dev", "Ana", "Cara"])
    live.do("start_round")
    assert live.state.current.name == "Ana"
    assert live.state.round_left == ["Cara", "Dev"]


def test_latecomer_and_early_leaver_are_recorded_with_their_times():
    live = taken(Live(), ["Ana", "Ben"])
    live.tick(600)
    live.do("arrive", "cara", ROSTER)  # completes to the roster's spelling
    live.tick(1200)
    live.do("leave", "Ben")
    att = live.state.attendance
    assert [(s.name, s.arrived_at, s.late) for s in att.latecomers()] == [("Cara", 1600.0, True)]
    assert [(s.name, s.left_at) for s in att.leavers()] == [("Ben", 2800.0)]
    assert live.state.present() == ["Ana", "Cara"]
    assert att.ever_here() == ["Ana", "Ben", "Cara"]


def test_someone_leaving_mid_round_is_taken_out_of_it():
    live = taken(Live(), ROSTER)
    live.do("start_round")
    live.do("leave", "Cara")
    assert live.state.round_left == ["Ben", "Dev"]


def test_a_name_not_on_the_roster_joins_as_a_guest_after_the_roster():
    live = taken(Live(), ["Zoë", "Ben"])
    assert live.state.present() == ["Ben", "Zoë"]
    assert "Zoë" in live.state.guests
    ev = live.do("arrive", "Noa", ROSTER)
    assert ev["guest"] is True
    assert live.state.present() == ["Ben", "Zoë", "Noa"]


def test_refusals_say_why():
    live = taken(Live(), ["Ana"])
    with pytest.raises(Refused, match="already taken"):
        live.do("take_attendance", ["Ben"], ROSTER)
    with pytest.raises(Refused, match="Ana is already marked here"):
        live.do("arrive", "ana", ROSTER)
    with pytest.raises(Refused, match="Ben is not marked here"):
        live.do("leave", "Ben")
    with pytest.raises(Refused, match="cannot be empty"):
        live.do("arrive", "   ", ROSTER)
    with pytest.raises(Refused, match="Nobody is marked here yet"):
        Live().do("take_attendance", [], ROSTER)


def test_undo_takes_back_a_mistaken_arrival():
    live = taken(Live(), ["Ana"])
    live.do("arrive", "Ben", ROSTER)
    live.do("undo")
    assert live.state.present() == ["Ana"]


def test_export_and_stats_leave_out_people_who_were_not_there():
    live = taken(Live(), ["Ana", "Ben"])
    names = [s.name for s in live.state.stats(live.at).values()]
    assert names == ["Ana", "Ben"]


def test_celebration_card_shows_and_clears():
    live = Live()
    live.do("celebrate", "Celebrating 1 year, Ana")
    assert live.state.celebration == "Celebrating 1 year, Ana"
    with pytest.raises(Refused, match="cannot be empty"):
        live.do("celebrate", " ")
    live.do("clear_celebration")
    assert live.state.celebration is None
    with pytest.raises(Refused, match="No celebration card"):
        live.do("clear_celebration")


def test_odd_stored_events_never_raise():
    m = Meeting()
    m.apply(m.start("m", "G", {}, ["Ana"], 10.0))
    for odd in ({"type": ATTENDANCE_TAKEN, "names": [None, 3, "Ana"]}, {"type": "arrived"},
                {"type": "left", "name": "Nobody"}, {"type": "arrived", "name": ""},
                {"type": "celebrated", "text": None}):
        m.apply({"seq": len(m.events), "at": 11.0, **odd})
    assert m.state.present() == ["Ana"]


NAMES = ["Ana", "ana", "Ben", "Cara", "Zoë", "[b]x[/]", "\x1b[31mRed", "", "Noa"]
actions = st.one_of(
    st.tuples(st.just("take"), st.lists(st.sampled_from(NAMES), max_size=6)),
    st.tuples(st.just("arrive"), st.sampled_from(NAMES)),
    st.tuples(st.just("leave"), st.sampled_from(NAMES)),
    st.tuples(st.just("start_round")),
    st.tuples(st.just("next")),
    st.tuples(st.just("pass_turn")),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
    st.tuples(st.just("queue"), st.sampled_from(NAMES)),
)


def perform(live: Live, action) -> dict | None:
    kind, *args = action
    if kind == "take":
        return live.attempt("take_attendance", args[0], ROSTER)
    if kind == "arrive":
        return live.attempt("arrive", args[0], ROSTER)
    return live.attempt(kind, *args)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(actions, st.integers(0, 300)), max_size=40))
def test_attendance_replays_to_the_live_state(script):
    live = Live()
    for ev in play(live, script, perform):
        if ev is not None and ev["type"] == "left":  # nobody waits in a round after leaving
            assert ev["name"].casefold() not in [n.casefold() for n in live.state.round_left or []]
    assert_replays(live)
    present = live.state.present()
    assert len({n.casefold() for n in present}) == len(present)  # nobody twice


def test_export_attendance_with_and_without_names():
    from roomtui.records.export import to_json

    live = taken(Live(), ["Ana", "Ben"])
    live.tick(300)
    live.do("arrive", "Zoë", ROSTER)
    live.tick(600)
    live.do("leave", "Ana")
    att = to_json(live.m, live.at)["attendance"]
    assert att["taken"] and att["count"] == 3 and att["late"] == 1 and att["left_early"] == 1
    assert att["names"] == ["Ana", "Ben", "Zoë"]
    assert [a["name"] for a in att["arrivals"]] == ["Zoë"]
    assert [d["name"] for d in att["departures"]] == ["Ana"]
    hidden = to_json(live.m, live.at, names=False)
    assert hidden["attendance"] == {"taken": True, "count": 3, "late": 1, "left_early": 1}
    text = str(hidden)
    assert "Zoë" not in text and "Ana" not in text
    assert to_json(Live().m, 1000.0)["attendance"] == {"taken": False, "count": None}
    from roomtui.records.export import to_markdown

    assert "- Here: 3 (1 arrived late, 1 left early)" in to_markdown(live.m, live.at)
    assert "- Here:" not in to_markdown(Live().m, 1000.0)


def test_the_room_view_shows_the_card_only_once_chosen_and_never_attendance():
    from roomtui.views.room_view import room_view

    live = taken(Live(), ["Ana", "Ben"])
    assert room_view(live.state, live.at).celebration == ""
    live.do("celebrate", "Celebrating 1 year, Ana")
    view = room_view(live.state, live.at)
    assert view.celebration == "Celebrating 1 year, Ana" and view.speaker == ""
    hidden = room_view(live.state, live.at, {"room_hide_names": True})
    assert hidden.celebration == "Celebrating a milestone" and "Ana" not in str(hidden)
    live.do("clear_celebration")
    assert room_view(live.state, live.at).celebration == ""
    assert "Ben" not in str(room_view(live.state, live.at))
