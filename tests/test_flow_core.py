"""The meeting's flow in the pure core: not started, begin, phases, rounds, cues."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting import Meeting, Refused
from tests.meeting_helpers import FORMAT, ROSTER, Live


def unbegun(at: float = 1000.0) -> Live:
    live = Live.__new__(Live)
    live.m = Meeting()
    live.at = at
    live.m.apply(live.m.start("m1", "Group", FORMAT, list(ROSTER), at, await_begin=True))
    return live


def test_set_up_time_is_not_meeting_time_and_begin_starts_the_clocks():
    live = unbegun()
    live.tick(150)
    live.do("queue", "Ana")
    live.do("add_note", "bring leaflets")
    assert not live.state.begun
    assert live.state.meeting_seconds(live.at) == 0
    assert live.state.phase_actual_seconds(live.at) == [0, 0, 0]
    live.do("begin")
    assert live.state.started_at == 1150
    live.tick(60)
    assert live.state.meeting_seconds(live.at) == 60
    assert live.state.phase_actual_seconds(live.at) == [60, 0, 0]
    assert [e.name for e in live.state.queue] == ["Ana"]  # what was set up stays
    try:
        live.m.begin(live.at)
    except Refused as err:
        assert "already begun" in str(err)
    else:
        raise AssertionError("begun twice")


def test_an_old_log_without_a_begin_event_began_at_its_first_event():
    live = Live(at=500.0)  # a start event with no await_begin, as older versions wrote
    assert live.state.begun and live.state.started_at == 500
    live.tick(30)
    assert live.state.meeting_seconds(live.at) == 30
    assert live.state.phase_actual_seconds(live.at)[0] == 30


def test_the_first_n_begins_the_meeting_and_undo_keeps_it_begun():
    live = unbegun()
    live.do("queue", "Ana")
    live.tick(45)
    live.do("next")
    assert live.state.begun and live.state.started_at == 1045
    assert live.state.current.name == "Ana"
    live.tick(10)
    live.do("undo")
    assert live.state.begun and live.state.started_at == 1045 and live.state.current is None
    assert Meeting(live.m.events).state == live.state


def test_undo_never_takes_back_the_begin():
    live = unbegun()
    live.do("queue", "Ana")
    live.do("begin")
    live.do("next")
    live.do("undo")
    live.do("undo")  # the queueing, before the begin
    assert live.state.begun and live.state.started_at == 1000


ACTIONS = st.lists(st.sampled_from(["queue", "next", "begin", "phase", "note", "undo", "tick"]),
                   max_size=25)


@settings(max_examples=60, deadline=None)
@given(ACTIONS)
def test_replaying_the_log_gives_the_same_state_begun_or_not(script):
    live = unbegun()
    names = iter(["Ana", "Ben", "Cara", "Dev"] * 10)
    for step in script:
        try:
            if step == "tick":
                live.tick(17)
            elif step == "queue":
                live.do("queue", next(names))
            elif step == "phase":
                live.do("next_phase")
            elif step == "note":
                live.do("add_note", "theme")
            else:
                live.do(step)
        except Refused:
            pass
    again = Meeting(live.m.events)
    assert again.state == live.state
    if not live.state.begun:
        assert live.state.meeting_seconds(live.at + 999) == 0


def test_a_phase_change_ends_the_turn_and_round_and_an_old_log_replays_as_it_was():
    live = unbegun()
    live.do("begin")
    live.do("start_round")
    live.tick(20)
    live.do("queue", "Zoë")  # joins the end of the round
    live.do("next_phase")
    state = live.state
    assert state.current is None and not state.in_round and state.turns[-1].seconds(live.at) == 20
    old = [dict(ev) for ev in live.m.events]
    old[-1].pop("ends_turn")  # as a log from before this change recorded it
    assert Meeting(old).state.current is not None  # it carried the turn on, as it did then


def test_clearing_the_queue_on_a_phase_change_is_undone_whole():
    live = unbegun()
    live.do("begin")
    for name in ("Ana", "Ben"):
        live.do("queue", name)
    live.do("next", )
    live.do("next_phase", clear_queue=True)
    assert live.state.queue == [] and live.state.current is None
    live.do("undo")
    assert [e.name for e in live.state.queue] == ["Ben"] and live.state.current.name == "Ana"
    live.do("next_phase")  # keep them waiting
    assert [e.name for e in live.state.queue] == ["Ben"] and live.state.phase_index == 1


WORD_SECONDS = {"one minute left": 60, "30 seconds left": 30, "time to wrap up": 0}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([-30, 30]), max_size=12), st.integers(0, 400))
def test_the_cue_words_follow_the_time_actually_left(adjustments, elapsed):
    from roomtui.meeting.timers import WRAP_UP, read_share

    live = unbegun()
    live.do("begin")
    live.do("queue", "Ana")
    live.do("next")
    for seconds in adjustments:
        try:
            live.do("adjust", seconds)
        except Refused:
            pass
        assert live.state.current.limit_seconds > 0  # never "no time limit" by taking time
    live.tick(elapsed)
    reading = read_share(live.state.current, live.at, live.state.wrap_up_seconds)
    if reading.status == WRAP_UP:
        word = reading.word
        said = WORD_SECONDS.get(word) if word in WORD_SECONDS else 60 * int(word.split()[0])
        # the words name the step the time left is within: never more than a step above
        assert said - 60 < reading.remaining <= max(said, 15), (word, reading.display)
        if reading.remaining <= 30:
            assert word != "one minute left"


def test_a_phase_without_a_share_limit_refuses_minus_in_words():
    fmt = {**FORMAT, "share_seconds": 0,
           "phases": [{"name": "Open floor", "planned_seconds": 600}]}
    live = Live.__new__(Live)
    live.m, live.at = Meeting(), 1000.0
    live.m.apply(live.m.start("m1", "Group", fmt, list(ROSTER), 1000.0))
    live.do("queue", "Ana")
    live.do("next")
    assert live.state.current.limit_seconds is None
    try:
        live.do("adjust", -30)
    except Refused as err:
        assert "no time limit" in str(err)
    else:
        raise AssertionError("took time from an untimed turn")
