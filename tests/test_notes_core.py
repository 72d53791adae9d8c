"""Notes in the pure core: events, tags, phases, edits, deletes, initials; and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting import Refused
from roomtui.meeting.notes import (
    CARE,
    FOLLOW_UP,
    RESOURCE,
    THEME,
    initials,
    names_in,
    next_tag,
    replace_names,
    split_prefix,
    with_initials,
)
from tests.meeting_helpers import Live, assert_replays, play, played
from tests.test_meeting_props import actions, perform


def test_a_note_is_timestamped_tagged_and_tied_to_the_phase():
    live = Live()
    live.tick(30)
    live.do("next_phase")
    live.tick(12)
    ev = live.do("add_note", "Theme: loneliness at weekends", tag=FOLLOW_UP)
    assert ev["type"] == "note_added"
    (note,) = live.state.notes
    assert (note.at, note.tag, note.text, note.phase) == (1042.0, FOLLOW_UP, ev["text"], 1)


def test_edit_and_delete_change_only_that_note():
    live = Live()
    a = live.do("add_note", "first")["seq"]
    b = live.do("add_note", "second", tag=RESOURCE)["seq"]
    live.tick(5)
    live.do("edit_note", a, raw="first, edited", tag=CARE)
    assert [(n.text, n.tag) for n in live.state.notes] == [
        ("first, edited", CARE), ("second", RESOURCE)]
    assert live.state.notes[0].edited_at == 1005.0
    live.do("delete_note", b)
    assert [n.text for n in live.state.notes] == ["first, edited"]
    with pytest.raises(Refused, match="no longer there"):
        live.m.edit_note(b, live.at, raw="x")
    with pytest.raises(Refused, match="no longer there"):
        live.m.delete_note(b, live.at)


def test_empty_long_and_badly_tagged_notes_are_refused_kindly():
    live = Live()
    with pytest.raises(Refused, match="cannot be empty"):
        live.m.add_note("   ", live.at)
    with pytest.raises(Refused, match="at most 2000"):
        live.m.add_note("x" * 2001, live.at)
    with pytest.raises(Refused, match="Tags are"):
        live.m.add_note("ok", live.at, tag="gossip")
    assert live.state.notes == []


def test_markup_and_escapes_are_kept_literal_and_controls_removed():
    live = Live()
    live.do("add_note", "[bold]x[/] \x1b[31mred\x1b[0m \u202eevil")
    assert live.state.notes[0].text == "[bold]x[/] red evil"


def test_undo_never_takes_a_note_away():
    live = Live()
    live.do("queue", "Ana")
    live.do("add_note", "keep me")
    live.do("undo")  # takes back the queueing, not the note
    assert live.state.queue == [] and [n.text for n in live.state.notes] == ["keep me"]
    with pytest.raises(Refused, match="Nothing to undo"):
        live.m.undo(live.at)


def test_no_notes_after_the_meeting_has_ended():
    live = Live()
    live.do("end")
    with pytest.raises(Refused, match="ended"):
        live.m.add_note("late", live.at)


@pytest.mark.parametrize(
    ("typed", "tag", "text"),
    [
        ("f: call Ben", FOLLOW_UP, "call Ben"),
        ("#resource leaflet", RESOURCE, "leaflet"),
        ("care: check in", CARE, "check in"),
        ("Theme: sleep", THEME, "sleep"),
        ("note: not a tag", THEME, "note: not a tag"),
        ("ratio 3:1", THEME, "ratio 3:1"),
    ],
)
def test_prefixes_choose_the_tag(typed, tag, text):
    assert split_prefix(typed) == (tag, text)


def test_tags_cycle_in_order():
    assert [next_tag(t) for t in (THEME, FOLLOW_UP, RESOURCE, CARE)] == [
        FOLLOW_UP, RESOURCE, CARE, THEME]


def test_names_and_initials():
    roster = ["Ana", "Ana Lopez", "Ben", "Zoë", "[b]x[/]"]
    text = "Ana Lopez and ben talked; banana; Zoë too, [b]x[/]"
    found = names_in(text, roster)
    assert found == ["Ana Lopez", "[b]x[/]", "Ben", "Zoë"]
    assert initials("Ana Lopez") == "A.L." and initials("zoë") == "Z."
    assert with_initials(text, found) == "A.L. and B. talked; banana; Z. too, B."
    assert names_in("nobody here", roster) == []
    assert replace_names("Ana and Ana Lopez", {"Ana": "Member 1", "Ana Lopez": "Member 2"}) == (
        "Member 1 and Member 2")


# -- properties ----------------------------------------------------------------------

note_actions = st.one_of(
    st.tuples(st.just("add_note"), st.sampled_from(["theme", "[b]x[/]", "", "Ana said"]),
              st.sampled_from([THEME, FOLLOW_UP, RESOURCE, CARE])),
    st.tuples(st.just("edit_note"), st.integers(0, 5), st.sampled_from(["edited", " "])),
    st.tuples(st.just("delete_note"), st.integers(0, 5)),
)
mixed = st.lists(st.tuples(st.one_of(actions, note_actions), st.integers(0, 300)), max_size=50)


def perform_any(live: Live, action: tuple) -> dict | None:
    kind, *args = action
    notes = live.state.notes
    try:
        if kind == "add_note":
            ev = live.m.add_note(args[0], live.at, tag=args[1])
        elif kind == "edit_note":
            target = notes[args[0] % len(notes)].id if notes else -1
            ev = live.m.edit_note(target, live.at, raw=args[1])
        elif kind == "delete_note":
            target = notes[args[0] % len(notes)].id if notes else -1
            ev = live.m.delete_note(target, live.at)
        else:
            return perform(live, action)
    except Refused:
        return None
    live.m.apply(ev)
    return ev


@settings(max_examples=150, deadline=None)
@given(mixed)
def test_replay_with_notes_gives_the_live_state(script):
    assert_replays(played(Live(), script, perform_any))


@settings(max_examples=150, deadline=None)
@given(mixed)
def test_notes_are_exactly_those_added_and_not_deleted_whatever_undo_does(script):
    live = Live()
    added, deleted = [], set()
    for ev in play(live, script, perform_any):
        if ev and ev["type"] == "note_added":
            added.append(ev["seq"])
        elif ev and ev["type"] == "note_deleted":
            deleted.add(ev["note"])
    assert [n.id for n in live.state.notes] == [s for s in added if s not in deleted]
    assert all(n.phase < len(live.state.phases) for n in live.state.notes)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["type", "seq", "at", "note", "text", "tag",
                                                  "phase"]),
                                st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=5),
                                          st.sampled_from(["note_added", "note_edited",
                                                           "note_deleted"]))),
                max_size=20))
def test_odd_note_events_never_crash_the_fold(events):
    live = Live()
    for ev in events:
        if isinstance(ev.get("type"), str) and ev["type"].startswith("note_"):
            ev["at"] = 5.0 if not isinstance(ev.get("at"), int) else ev["at"]
            live.m.apply(ev)
