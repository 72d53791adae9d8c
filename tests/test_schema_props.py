"""Properties of the stored-event checks (meeting/schema.py, pure core; issue #11).

Any meeting the core makes passes whole; damaging one event (a wrong type in one of its
fields, or a gap in seq) keeps exactly the events before it, and never raises."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting import Meeting, Refused
from roomtui.meeting.schema import check_event, valid_prefix
from tests.meeting_helpers import FORMAT, ROSTER

ACTIONS = st.lists(st.tuples(
    st.sampled_from(["queue", "next", "pass_turn", "add_note", "toggle_pause", "undo", "redo",
                     "adjust", "next_phase", "start_round", "end"]),
    st.sampled_from(ROSTER + ["Zoë [bold]", "x\u202e"])), max_size=30)


def play(actions) -> list[dict]:
    m = Meeting()
    at = 1000.0
    m.apply(m.start("m1", "Group", FORMAT, list(ROSTER), at, settings={}))
    for name, who in actions:
        at += 7.5
        args = {"queue": (who,), "add_note": (f"note {who}",), "adjust": (30,)}.get(name, ())
        try:
            ev = getattr(m, name)(*args, at=at)
        except Refused:
            continue
        m.apply(ev)
    return json.loads(json.dumps(m.events))  # as stored


@settings(max_examples=60, deadline=None)
@given(ACTIONS)
def test_a_meeting_the_core_made_passes_whole(actions):
    events = play(actions)
    assert all(check_event(e, i) is None for i, e in enumerate(events))
    assert valid_prefix(events) == (events, None)


@settings(max_examples=120, deadline=None)
@given(ACTIONS, st.data())
def test_one_damaged_event_keeps_exactly_the_events_before_it(actions, data):
    events = play(actions)
    i = data.draw(st.integers(0, len(events) - 1))
    damaged = json.loads(json.dumps(events))
    fields = sorted(k for k in damaged[i] if k != "type") + ["type"]
    field = data.draw(st.sampled_from(fields))
    value = damaged[i][field]
    damaged[i][field] = 12345 if isinstance(value, str) else [{"deep": [[[[]]]]}] * 2 \
        if not isinstance(value, list) else "text"
    good, problem = valid_prefix(damaged)
    assert problem is not None and f"event {i}" in problem
    assert good == events[:i]
    assert Meeting(good).events == events[:i]  # what is kept folds without trouble
