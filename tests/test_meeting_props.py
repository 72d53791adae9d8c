"""Properties of the meeting core over any sequence of facilitator actions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting import Refused
from roomtui.meeting.text import name_key
from tests.meeting_helpers import Live, assert_replays, play, played

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
    if kind == "queue":
        return live.attempt("queue", args[0], direct=args[1])
    if kind in ("remove", "move"):  # an index into the queue, whatever its length
        queue = live.state.queue
        entry = queue[args[0] % len(queue)].id if queue else -1
        return live.attempt(kind, entry, *args[1:])
    return live.attempt(kind, *args)


def run(script, act=None) -> Live:
    """Play a generated script; ``act`` performs one action (default: the queue's)."""
    return played(Live(settings={"priority_unspoken": True}), script, act or perform)


@settings(max_examples=200, deadline=None)
@given(steps)
def test_replaying_stored_events_gives_the_live_state(script):
    assert_replays(run(script))


@settings(max_examples=200, deadline=None)
@given(steps)
def test_nobody_waits_twice(script):
    live = Live()
    for _ in play(live, script, perform):
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
    for _ in play(live, script, perform):  # asked after every step, as the screen asks each second
        state = live.state
        got = {s.name: (s.turns, s.passes, s.seconds, s.rounds)
               for s in state.stats(live.at).values()}
        assert got == _stats_counted_afresh(state, live.at)
        assert list(got) == list(_stats_counted_afresh(state, live.at))  # the same order


def refusal(call) -> str | None:
    try:
        call()
    except Refused as refused:
        return str(refused)
    return None


@settings(max_examples=200, deadline=None)
@given(steps)
def test_check_direct_refuses_exactly_when_a_direct_response_is_refused(script):
    """The live screen asks check_direct before asking for a name: it must say no (and
    why) exactly when queueing a direct response from a newcomer would."""
    live = run(script)
    asked = refusal(live.m.check_direct)
    assert asked == refusal(lambda: live.m.queue("Newcomer Q", live.at, direct=True))
    live.do("end")
    assert refusal(live.m.check_direct) == "This meeting has ended."
