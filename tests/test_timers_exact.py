"""Timers, phases and rounds on the pure core, with time moved by hand.

Every figure is checked against an independent reckoning of wall time, so a timer
that counted ticks, or lost a pause, would be off by far more than the 1 s allowed.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting import Meeting, Refused
from roomtui.meeting.phases import near_close, not_shared_yet, read_phase, round_offer
from roomtui.meeting.timers import (
    NORMAL,
    OVER,
    WRAP_UP,
    CueBell,
    minutes,
    minutes_up,
    read_share,
    wrap_point,
)
from tests.meeting_helpers import FORMAT, Live, in_sharing, speaking

TOLERANCE = 1.0


def test_sixty_minutes_with_pauses_and_adjustments_stay_exact():
    """An hour of shares with pauses, +30 / -30 and overtime, checked every simulated
    second step against a reckoning kept apart from the core."""
    rng = random.Random(7)
    live = in_sharing()
    end = live.at + 60 * 60
    names = ["Ana", "Ben", "Cara", "Dev"]
    spoken = running = 0.0
    limit = 180
    paused = False
    live.do("queue", names[0])
    live.do("next")
    worst = 0.0
    i = 0
    while live.at < end:
        step = rng.choice([0.4, 1, 7, 29.5, 61])
        live.tick(step)
        if not paused:
            spoken += step
            running += step
        action = rng.random()
        if action < 0.15:
            live.do("toggle_pause")
            paused = not paused
        elif action < 0.25:
            live.do("adjust", 30)
            limit += 30
        elif action < 0.32 and limit >= 30:
            live.do("adjust", -30)
            limit -= 30
        elif action < 0.40 or spoken > limit + 200:  # someone talks well over, then next
            i += 1
            live.do("queue", names[i % 4])
            live.do("next")
            spoken, limit, paused = 0.0, 180, False
        turn = live.state.current
        reading = read_share(turn, live.at, live.state.wrap_up_seconds)
        worst = max(worst, abs(reading.elapsed - spoken), abs(reading.remaining - (limit - spoken)))
        expected = OVER if limit - spoken < 0 else WRAP_UP if limit - spoken <= 60 else NORMAL
        if abs(limit - spoken) > TOLERANCE and abs(limit - spoken - 60) > TOLERANCE:
            assert reading.status == expected
        assert reading.paused == paused
    assert worst < TOLERANCE
    assert live.state.meeting_seconds(live.at) >= 60 * 60
    # The turns' recorded seconds add up to the time that was not paused.
    total = sum(t.seconds(live.at) for t in live.state.all_turns())
    assert total <= live.state.meeting_seconds(live.at)


def test_overtime_reads_plus_minutes_and_seconds():
    live = speaking("Ana")
    live.tick(180 + 75)
    reading = read_share(live.state.current, live.at, 60)
    assert reading.status == OVER
    assert reading.display == "+1:15"
    assert reading.word == "over time"
    live.do("adjust", 30)
    live.do("adjust", 30)
    reading = read_share(live.state.current, live.at, 60)
    assert reading.display == "+0:15"


def test_restart_mid_share_restores_the_same_remaining_time():
    live = speaking("Ana")
    live.tick(50)
    live.do("toggle_pause")
    live.tick(600)  # a long pause must not count
    live.do("toggle_pause")
    live.tick(20)
    live.do("adjust", 30)
    before = read_share(live.state.current, live.at, 60)
    again = Meeting(list(live.m.events))  # what a restart replays from disk
    after = read_share(again.state.current, live.at, 60)
    assert after == before
    assert after.remaining == 180 + 30 - 70
    assert again.state == live.state


def test_restart_while_paused_keeps_it_paused():
    live = speaking("Ana")
    live.tick(30)
    live.do("toggle_pause")
    again = Meeting(list(live.m.events))
    later = live.at + 3600
    reading = read_share(again.state.current, later, 60)
    assert reading.paused and reading.elapsed == 30


pause_steps = st.lists(
    st.tuples(st.sampled_from(["pause", "plus", "minus", "wait"]), st.floats(0, 500)),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(pause_steps)
def test_share_timer_equals_time_not_paused(steps):
    """Whatever the order of pauses and adjustments, elapsed is wall time less pauses,
    and the same after a replay of the stored events."""
    live = speaking("Ana")
    spoken, limit, paused = 0.0, 180, False
    for kind, wait in steps:
        live.tick(wait)
        if not paused:
            spoken += wait
        if kind == "pause":
            live.do("toggle_pause")
            paused = not paused
        elif kind == "plus":
            live.do("adjust", 30)
            limit += 30
        elif kind == "minus" and limit > 30:  # never down to 0 ("no limit" and "over")
            live.do("adjust", -30)
            limit -= 30
    reading = read_share(live.state.current, live.at, 60)
    assert abs(reading.elapsed - spoken) < 1e-6 * max(1, spoken)
    assert reading.limit == limit
    replayed = read_share(Meeting(list(live.m.events)).state.current, live.at, 60)
    assert replayed == reading


def test_wrap_up_point_is_configurable_and_at_most_half_a_share():
    fmt = {**FORMAT, "wrap_up_seconds": 30}
    live = speaking("Ana", fmt=fmt)
    live.tick(149)
    assert read_share(live.state.current, live.at, 30).status == NORMAL
    live.tick(2)
    reading = read_share(live.state.current, live.at, 30)
    assert reading.status == WRAP_UP and reading.word == "30 seconds left"
    assert wrap_point(60, 60) == 30  # a one-minute turn does not start "wrapping up"
    assert wrap_point(180, 60) == 60
    assert wrap_point(180, 0) == 0


def test_no_wrap_up_cue_when_set_to_zero():
    live = speaking("Ana", fmt={**FORMAT, "wrap_up_seconds": 0})
    live.tick(180)
    assert read_share(live.state.current, live.at, 0).status == NORMAL
    live.tick(1)
    assert read_share(live.state.current, live.at, 0).status == OVER


# -- the soft bell's decision -----------------------------------------------------------


def bell_rings_over(live: Live, seconds: int, bell: CueBell) -> list[int]:
    rung = []
    for _ in range(seconds):
        live.tick(1)
        turn = live.state.current
        if bell.due(turn, read_share(turn, live.at, 60) if turn else None):
            rung.append(int(turn.seconds(live.at)))
    return rung


def test_bell_once_at_wrap_up_and_once_at_overtime_never_again():
    live = speaking("Ana")
    bell = CueBell()
    assert not bell.due(live.state.current, read_share(live.state.current, live.at, 60))
    rung = bell_rings_over(live, 170, bell)
    assert rung == [120]
    live.do("adjust", 30)  # back to wrap-up... then over again: no second ring for either
    rung = bell_rings_over(live, 100, bell)
    assert rung == [211]
    live.do("adjust", 60)
    live.do("adjust", 60)
    assert bell_rings_over(live, 200, bell) == []


def test_bell_rings_again_for_the_next_speaker_but_not_for_cues_already_passed():
    live = in_sharing()
    for name in ("Ana", "Ben"):
        live.do("queue", name)
    live.do("next")
    live.tick(500)  # already over when the bell first looks (a restart, say)
    bell = CueBell()
    assert bell_rings_over(live, 5, bell) == []
    live.do("next")
    assert bell_rings_over(live, 200, bell) == [120, 181]


def test_no_bell_while_paused():
    live = speaking("Ana")
    bell = CueBell()
    bell.due(live.state.current, read_share(live.state.current, live.at, 60))
    live.tick(100)
    live.do("toggle_pause")
    assert bell_rings_over(live, 100, bell) == []


# -- phases ----------------------------------------------------------------------------


def test_phase_time_left_and_over_plan():
    live = Live()
    live.tick(200)
    phase = read_phase(live.state, live.at)
    assert (phase.name, phase.number, phase.count, phase.left) == ("Opening", 1, 3, 100)
    assert not phase.over
    live.tick(160)
    phase = read_phase(live.state, live.at)
    assert phase.over and phase.left == -60
    live.do("next_phase")
    live.tick(30)
    phase = read_phase(live.state, live.at)
    assert phase.name == "Check-in" and phase.round and not phase.crosstalk and phase.left == 570
    assert live.state.phase_actual_seconds(live.at) == [360, 30, 0]


def test_crosstalk_off_refuses_a_direct_response():
    live = Live()
    live.do("queue", "Ana")
    with pytest.raises(Refused, match="No crosstalk in “Opening”"):
        live.do("queue", "Ben", direct=True)


def test_arriving_in_a_round_phase_offers_the_round_once():
    live = Live()
    assert round_offer(live.state) == ""
    live.do("next_phase")
    assert "press r to go around the 4 present" in round_offer(live.state)
    live.do("start_round")
    assert live.state.round_name == "Check-in"
    assert round_offer(live.state) == ""
    for _ in range(4):
        live.do("next")
    assert not live.state.in_round
    assert round_offer(live.state) == ""  # this phase's round has been done


def test_round_outside_a_round_phase_is_called_round():
    live = in_sharing()
    live.do("start_round")
    assert live.state.round_name == "Round"


def test_round_goes_round_in_seat_order_with_pass_and_latecomer():
    live = Live()
    live.do("next_phase")
    live.do("start_round")
    assert live.state.current.name == "Ana" and live.state.current.limit_seconds == 60
    live.tick(50)
    live.do("next")
    live.do("pass_turn")  # Ben passes
    live.do("queue", "Zoë")  # a latecomer joins the end of the round
    assert live.state.round_left == ["Dev", "Zoë"]
    live.tick(70)
    for _ in range(3):
        live.do("next")
    assert [(t.name, t.kind) for t in live.state.all_turns()] == [
        ("Ana", "round"), ("Ben", "pass"), ("Cara", "round"), ("Dev", "round"), ("Zoë", "round")
    ]
    assert live.state.turns[2].seconds(live.at) == 70


def test_round_uses_the_people_present():
    """Rounds go through ``present()``: the one hook attendance will narrow."""
    live = Live()
    live.state.present = lambda: ["Cara", "Ana"]  # as attendance would report
    live.do("next_phase")
    live.do("start_round")
    assert live.state.current.name == "Cara" and live.state.round_left == ["Ana"]


def test_near_the_close_the_unshared_are_listed_in_seat_order():
    live = Live()
    live.tick(60)
    assert not near_close(live.state, live.at)
    live.do("next_phase")
    live.do("start_round")
    live.do("next")  # Ana checked in; Ben speaks now
    live.do("pass_turn")  # Ben passes, Cara speaks
    # a check-in turn is not a share: the sharing phases are what the hint is about
    assert not_shared_yet(live.state) == ["Ana", "Ben", "Cara", "Dev"]
    planned = live.state.planned_seconds()  # 45 minutes: its last sixth is 7:30
    live.tick(planned - 60 - 451)
    assert not near_close(live.state, live.at)
    live.tick(2)
    assert near_close(live.state, live.at)  # the short agenda's final stretch
    assert near_close(live.state, live.at, final_seconds=600)
    assert not near_close(live.state, live.at, final_seconds=60)


def test_a_long_agenda_closes_in_its_final_ten_minutes():
    live = Live(fmt={**FORMAT, "phases": [{"name": "All", "planned_seconds": 5400},
                                          {"name": "Close", "planned_seconds": 600}]})
    live.tick(6000 - 601)
    assert not near_close(live.state, live.at)
    live.tick(2)
    assert near_close(live.state, live.at)


def test_the_last_phase_counts_as_the_close():
    live = in_sharing()
    assert near_close(live.state, live.at)


def test_an_ended_meeting_is_not_near_its_close():
    live = in_sharing()
    live.do("end")
    assert not near_close(live.state, live.at)


@given(st.floats(min_value=0, max_value=48 * 3600, allow_nan=False))
def test_the_top_line_minutes_never_overstate_time_gone_or_understate_time_left(seconds):
    shown = minutes(seconds)  # time gone: rounded down, so "12 min" means at least 12
    if " h " in shown:
        hours, mins = shown.removesuffix(" min").split(" h ")
        whole = int(hours) * 60 + int(mins)
    else:
        whole = int(shown.removesuffix(" min"))
    assert whole * 60 <= seconds < (whole + 1) * 60
    up = minutes_up(seconds)  # time left: rounded up, so "1 min left" until it is gone
    assert (up - 1) * 60 < seconds <= up * 60 or (seconds == 0 and up == 0)


def test_minute_words_read_as_a_person_would_say_them():
    assert [minutes(s) for s in (0, 59.9, 60, 754, 3600, 3900)] == [
        "0 min", "0 min", "1 min", "12 min", "1 h 00 min", "1 h 05 min"]
    assert [minutes_up(s) for s in (0, 0.1, 10, 60, 60.1, 179)] == [0, 1, 1, 1, 2, 3]
