"""Properties of quiet mode, reminders and the care pause mixed into any meeting."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting import Meeting, Refused
from roomtui.meeting.care import DEFAULT_PROMPTS
from tests.meeting_helpers import Live, assert_replays
from tests.test_meeting_props import actions as queue_actions
from tests.test_meeting_props import perform as perform_queue
from tests.test_meeting_props import run as run_script

care_actions = st.one_of(
    st.tuples(st.just("start_quiet"), st.sampled_from(DEFAULT_PROMPTS),
              st.sampled_from([None, 60, 0])),
    st.tuples(st.just("end_quiet")),
    st.tuples(st.just("show_reminder"), st.sampled_from(["One voice at a time.", "", "[b]x"])),
    st.tuples(st.just("clear_reminder")),
    st.tuples(st.just("start_care_pause")),
    st.tuples(st.just("end_care_pause")),
    st.tuples(st.just("end")),
)
steps = st.lists(st.tuples(st.one_of(queue_actions, care_actions), st.integers(0, 400)),
                 max_size=60)


def perform(live: Live, action: tuple) -> dict | None:
    kind, *args = action
    m, at = live.m, live.at
    try:
        if kind == "start_quiet":
            ev = m.start_quiet(args[0], at, seconds=args[1])
        elif kind == "show_reminder":
            ev = m.show_reminder(args[0], at)
        elif kind in ("end_quiet", "clear_reminder", "start_care_pause", "end_care_pause", "end"):
            ev = getattr(m, kind)(at)
        else:
            return perform_queue(live, action)
    except Refused:
        return None
    m.apply(ev)
    return ev


def run(script) -> Live:
    return run_script(script, perform)


@settings(max_examples=200, deadline=None)
@given(steps)
def test_replaying_stored_events_gives_the_live_state(script):
    assert_replays(run(script))


@settings(max_examples=200, deadline=None)
@given(steps, st.integers(1, 400))
def test_nothing_but_the_meeting_clock_moves_in_a_care_pause(script, wait):
    live = run(script)
    if perform(live, ("start_care_pause",)) is None:
        return
    state = live.state
    before = (state.current.seconds(live.at) if state.current else None,
              state.phase_seconds(live.at), state.meeting_seconds(live.at))
    live.tick(wait)
    after = (state.current.seconds(live.at) if state.current else None,
             state.phase_seconds(live.at), state.meeting_seconds(live.at))
    assert after == (before[0], before[1], before[2] + wait)
    assert perform(live, ("next",)) is None and perform(live, ("undo",)) is None
    perform(live, ("end_care_pause",))
    assert Meeting(json.loads(json.dumps(live.m.events))).state == live.state


@settings(max_examples=200, deadline=None)
@given(steps, st.integers(1, 10))
def test_undo_then_redo_returns_the_same_state(script, depth):
    live = run(script)
    before = live.m.replay()
    undone = 0
    for _ in range(depth):
        if perform(live, ("undo",)) is None:
            break
        undone += 1
    for _ in range(undone):
        assert perform(live, ("redo",)) is not None
    assert live.state == before


@settings(max_examples=200, deadline=None)
@given(steps)
def test_pauses_never_overlap_and_fit_in_the_meeting(script):
    live = run(script)
    now = live.at + 5
    state = live.state
    open_records = [p for p in state.pauses if p.ended_at is None]
    assert len(open_records) == (state.quiet is not None) + (state.care_pause is not None)
    assert all(0 <= p.seconds(now, state.ended_at) <= state.meeting_seconds(now)
               for p in state.pauses)
    assert all(p.follow_up == (p.kind == "care") for p in state.pauses)
    assert state.quiet is None or state.care_pause is None
    assert state.is_open or (state.quiet is None and state.care_pause is None
                             and state.reminder is None)


texts = st.text(max_size=60) | st.sampled_from(["[b]x[/]", "\x1b[31mred", "  ", "נועה 🌱"])
edits = st.lists(
    st.one_of(
        st.tuples(st.just("add"), texts),
        st.tuples(st.just("edit"), st.integers(-2, 12), texts),
        st.tuples(st.just("move"), st.integers(-2, 12), st.sampled_from([-1, 1])),
        st.tuples(st.just("remove"), st.integers(-2, 12)),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(edits)
def test_library_edits_keep_only_clean_non_empty_texts(script):
    from roomtui.meeting import care

    items = list(care.DEFAULT_AGREEMENTS)
    for kind, *args in script:
        before = list(items)
        try:
            if kind == "add":
                items = care.add_item(items, args[0])
            elif kind == "edit":
                items = care.edit_item(items, args[0], args[1])
            elif kind == "move":
                items = care.move_item(items, args[0], args[1])
                assert sorted(items) == sorted(before)
            else:
                items = care.remove_item(items, args[0])
        except Refused:
            assert items == before  # a refusal changes nothing
        assert all(t and t == t.strip() and "\x1b" not in t for t in items)
        assert care.agreements_of({"agreements": items}) == items


@given(st.sampled_from(["breathing-box", "breathing-478"]),
       st.floats(0, 1e7, allow_nan=False))
def test_breathing_pacer_stays_in_bounds(kind, elapsed):
    from roomtui.meeting.care import BREATH_PATTERNS, breath_at

    step = breath_at(kind, elapsed)
    assert 0.0 <= step.fill <= 1.0 and step.count >= 1
    assert step.word in {w for w, _, _ in BREATH_PATTERNS[kind]}
