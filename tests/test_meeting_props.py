"""Properties of the meeting core over any sequence of facilitator actions."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting import Meeting, Refused
from roomtui.meeting.text import name_key
from tests.meeting_helpers import Live

NAMES = ["Ana", "ana", "Ben", "Cara", "Zoë", "[b]x[/]", "נועה", "\x1b[31mRed", "Dev 🌱", ""]

actions = st.one_of(
    st.tuples(st.just("queue"), st.sampled_from(NAMES), st.booleans()),
    st.tuples(st.just("next")),
    st.tuples(st.just("pass_turn")),
    st.tuples(st.just("remove"), st.integers(0, 5)),
    st.tuples(st.just("move"), st.integers(0, 5), st.sampled_from([-1, 1])),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
    st.tuples(st.just("toggle_pause")),
    st.tuples(st.just("adjust"), st.sampled_from([-30, 30])),
    st.tuples(st.just("next_phase")),
    st.tuples(st.just("start_round")),
    st.tuples(st.just("set_priority"), st.booleans()),
)
steps = st.lists(st.tuples(actions, st.integers(0, 400)), max_size=60)


def perform(live: Live, action: tuple) -> dict | None:
    kind, *args = action
    m, at = live.m, live.at
    try:
        if kind == "queue":
            ev = m.queue(args[0], at, direct=args[1])
        elif kind in ("remove", "move"):
            queue = live.state.queue
            entry = queue[args[0] % len(queue)].id if queue else -1
            ev = m.remove(entry, at) if kind == "remove" else m.move(entry, args[1], at)
        elif kind == "adjust":
            ev = m.adjust(args[0], at)
        elif kind == "set_priority":
            ev = m.set_priority(args[0], at)
        else:
            ev = getattr(m, kind)(at)
    except Refused:
        return None
    m.apply(ev)
    return ev


def run(script, act=None) -> Live:
    """Play a generated script; ``act`` performs one action (default: the queue's)."""
    act = act or perform
    live = Live(settings={"priority_unspoken": True})
    for action, pause in script:
        live.tick(pause)
        act(live, action)
    return live


@settings(max_examples=200, deadline=None)
@given(steps)
def test_replaying_stored_events_gives_the_live_state(script):
    live = run(script)
    stored = json.loads(json.dumps(live.m.events))  # what the disk gives back
    assert Meeting(stored).state == live.state
    assert live.m.replay() == live.state


@settings(max_examples=200, deadline=None)
@given(steps)
def test_nobody_waits_twice(script):
    live = Live()
    for action, pause in script:
        live.tick(pause)
        perform(live, action)
        keys = [name_key(e.name) for e in live.state.queue]
        assert len(keys) == len(set(keys))


@settings(max_examples=200, deadline=None)
@given(steps, st.integers(1, 10))
def test_undo_then_redo_returns_the_same_state(script, depth):
    live = run(script)
    before = live.m.replay()
    undone = 0
    for _ in range(depth):
        if not live.m.can_undo:
            break
        live.m.apply(live.m.undo(live.at))
        undone += 1
    for _ in range(undone):
        live.m.apply(live.m.redo(live.at))
    assert live.state == before


@settings(max_examples=100, deadline=None)
@given(steps)
def test_talk_time_never_exceeds_the_meeting_and_is_never_negative(script):
    live = run(script)
    now = live.at + 10
    total = sum(t.seconds(now) for t in live.state.all_turns())
    assert all(t.seconds(now) >= 0 for t in live.state.all_turns())
    assert total <= live.state.meeting_seconds(now) + 1e-6


def _stats_counted_afresh(state, now: float) -> dict[str, tuple[int, int, float]]:
    """Every turn added up from scratch, the way the totals were first defined."""
    table = {name_key(p): [p, 0, 0, 0.0, 0] for p in state.present()}
    for turn in state.all_turns():
        row = table.setdefault(name_key(turn.name), [turn.name, 0, 0, 0.0, 0])
        if turn.kind == "pass":
            row[2] += 1
        else:
            if turn.kind == "round":
                row[4] += 1  # check-in / check-out turns count apart from shares
            else:
                row[1] += 1
            row[3] += turn.seconds(now)
    return {name: (turns, passes, seconds, rounds)
            for name, turns, passes, seconds, rounds in table.values()}


@settings(max_examples=200, deadline=None)
@given(steps)
def test_talk_totals_kept_as_the_meeting_goes_equal_totals_counted_afresh(script):
    live = Live(settings={"priority_unspoken": True})
    for action, pause in script:  # asked after every step, as the screen asks each second
        live.tick(pause)
        perform(live, action)
        state = live.state
        got = {s.name: (s.turns, s.passes, s.seconds, s.rounds)
               for s in state.stats(live.at).values()}
        assert got == _stats_counted_afresh(state, live.at)
        assert list(got) == list(_stats_counted_afresh(state, live.at))  # the same order
