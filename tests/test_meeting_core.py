"""The queue as facilitators expect it, on the pure core."""

from __future__ import annotations

import pytest

from roomtui.meeting import Meeting, Refused
from roomtui.meeting.timers import OVER, WRAP_UP, read_share
from tests.meeting_helpers import Live, in_sharing, speaking


def test_add_uses_roster_spelling_and_new_names_become_guests():
    live = in_sharing()
    live.do("queue", "ana")
    live.do("queue", "Zoë")
    assert live.names() == ["Ana", "Zoë"]
    assert live.state.guests == ["Zoë"]
    assert live.state.people()[-1] == "Zoë"


def test_a_person_already_waiting_is_not_added_twice():
    live = in_sharing()
    live.do("queue", "Ana")
    with pytest.raises(Refused, match="already waiting"):
        live.do("queue", "ANA")
    assert live.names() == ["Ana"]


def test_direct_responses_go_ahead_first_come_first_served():
    live = in_sharing()
    live.do("queue", "Ana")
    live.do("queue", "Ben")
    live.do("queue", "Cara", direct=True)
    live.do("queue", "Dev", direct=True)
    assert live.names() == ["Cara", "Dev", "Ana", "Ben"]
    assert [e.kind for e in live.state.queue] == ["direct", "direct", "share", "share"]


def test_direct_is_refused_where_crosstalk_is_off():
    live = Live()  # Opening: no crosstalk
    with pytest.raises(Refused, match="crosstalk"):
        live.do("queue", "Ana", direct=True)
    assert live.names() == []


def test_next_records_the_turn_length_and_starts_the_next_person():
    live = in_sharing()
    live.do("queue", "Ana")
    live.do("queue", "Ben")
    live.do("next")
    live.tick(95)
    live.do("next")
    ana = live.state.turns[-1]
    assert (ana.name, ana.kind, ana.seconds(live.at + 999)) == ("Ana", "share", 95)
    assert live.state.current.name == "Ben"
    assert live.names() == []


def test_next_with_nobody_waiting_is_refused_kindly():
    live = in_sharing()
    with pytest.raises(Refused, match="Nobody is waiting"):
        live.do("next")


def test_remove_and_reorder_the_selected_entry():
    live = in_sharing()
    for name in ("Ana", "Ben", "Cara"):
        live.do("queue", name)
    ben = live.state.queue[1].id
    live.do("move", ben, -1)
    assert live.names() == ["Ben", "Ana", "Cara"]
    with pytest.raises(Refused, match="top"):
        live.do("move", ben, -1)
    live.do("move", ben, 1)
    live.do("move", ben, 1)
    assert live.names() == ["Ana", "Cara", "Ben"]
    live.do("remove", ben)
    assert live.names() == ["Ana", "Cara"]
    with pytest.raises(Refused):
        live.do("remove", ben)


def test_undo_and_redo_many_steps_including_next():
    live = in_sharing()
    snapshots = []
    names = [f"P{i}" for i in range(30)]
    for name in names:
        snapshots.append((live.names(), live.state.current and live.state.current.name))
        live.do("queue", name)
        snapshots.append((live.names(), live.state.current and live.state.current.name))
        live.do("next")
    assert len(snapshots) == 60
    for expected in reversed(snapshots):
        live.do("undo")
        assert (live.names(), live.state.current and live.state.current.name) == expected
    live.do("undo")
    live.do("undo")  # the two phase changes in in_sharing()
    assert live.state.phase_index == 0
    with pytest.raises(Refused, match="Nothing to undo"):
        live.do("undo")
    live.do("redo")
    live.do("redo")
    for _ in range(60):
        live.do("redo")
    assert live.state.current.name == "P29"
    assert len(live.state.turns) == 29


def test_a_new_action_after_undo_clears_redo():
    live = in_sharing()
    live.do("queue", "Ana")
    live.do("undo")
    live.do("queue", "Ben")
    with pytest.raises(Refused, match="Nothing to redo"):
        live.do("redo")


def test_gentle_priority_puts_new_voices_first_when_the_group_wants_it():
    live = Live(settings={"priority_unspoken": True})
    live.do("next_phase")
    live.do("next_phase")
    live.do("queue", "Ana")
    live.do("next")
    live.tick(60)
    live.do("next")  # Ana has spoken
    live.do("queue", "Ana")
    live.do("queue", "Ben")
    live.do("queue", "Cara")
    assert live.names() == ["Ben", "Cara", "Ana"]


def test_priority_is_off_by_default():
    live = speaking("Ana")
    live.do("next")
    live.do("queue", "Ana")
    live.do("queue", "Ben")
    assert live.names() == ["Ana", "Ben"]


def test_stats_show_turns_talk_time_and_who_has_not_spoken():
    live = in_sharing()
    live.do("queue", "Ben")
    live.do("next")
    live.tick(40)
    stats = live.state.stats(live.at)
    assert stats["Ben"].turns == 1 and stats["Ben"].seconds == 40
    assert live.state.not_yet_spoken() == ["Ana", "Cara", "Dev"]


def test_pass_ends_the_turn_as_a_pass_and_moves_on():
    live = in_sharing()
    live.do("queue", "Ana")
    live.do("queue", "Ben")
    live.do("next")
    live.do("pass_turn")
    assert live.state.turns[-1].kind == "pass"
    assert live.state.current.name == "Ben"
    assert "Ana" in live.state.not_yet_spoken()


def test_share_timer_pause_adjust_and_overtime():
    live = speaking("Ana")
    live.tick(100)
    live.do("toggle_pause")
    live.tick(500)  # paused: nothing counts
    live.do("toggle_pause")
    turn = live.state.current
    assert turn.seconds(live.at) == 100
    assert read_share(turn, live.at, 60).display == "1:20"
    live.do("adjust", 30)
    assert turn.remaining(live.at) == 110
    live.tick(60)
    assert read_share(turn, live.at, 60).status == WRAP_UP
    live.tick(65)
    reading = read_share(turn, live.at, 60)
    assert (reading.status, reading.display, reading.word) == (OVER, "+0:15", "over time")


def test_ended_meeting_refuses_actions():
    live = speaking("Ana")
    live.tick(10)
    live.do("end")
    assert live.state.turns[-1].seconds(live.at + 500) == 10
    with pytest.raises(Refused, match="ended"):
        live.do("queue", "Ben")


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("[bold red]x[/]", "[bold red]x[/]"),
        ("\x1b[31mRed\x1b[0m", "Red"),
        ("A\x07na\x00", "Ana"),
        ("  Ana   Maria ", "Ana Maria"),
        ("\u202eevil", "evil"),
        ("נועה", "נועה"),
        ("Zoë 🌱", "Zoë 🌱"),
    ],
)
def test_names_are_stored_literally_without_control_codes(raw, shown):
    live = in_sharing()
    live.do("queue", raw)
    assert live.names() == [shown]


@pytest.mark.parametrize("raw", ["", "   ", "\x1b[2J", "x" * 10_000])
def test_empty_or_huge_names_are_refused_with_a_message(raw):
    live = in_sharing()
    with pytest.raises(Refused) as refusal:
        live.do("queue", raw)
    assert str(refusal.value)
    assert live.names() == []


def test_replay_of_stored_events_equals_the_live_state():
    live = in_sharing()
    for name in ("Ana", "Ben", "Cara"):
        live.do("queue", name)
    live.do("next")
    live.tick(30)
    live.do("undo")
    live.do("redo")
    live.do("queue", "Dev", direct=True)
    again = Meeting(list(live.m.events))
    assert again.state == live.state
    assert again.replay() == live.state
