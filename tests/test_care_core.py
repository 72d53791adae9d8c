"""Quiet mode, reminders and the care pause in the pure core (no files, no clock)."""

from __future__ import annotations

import json

import pytest

from roomtui.formats.files import PROMPT_IDS
from roomtui.meeting import Meeting, Refused, care
from roomtui.records.export import iso, to_json, to_markdown
from tests.meeting_helpers import Live, speaking

BOX = {"id": "breathing-box", "kind": "breathing-box", "text": "In, hold, out, hold."}


def test_care_pause_freezes_share_and_phase_but_not_the_meeting_clock():
    live = speaking("Ana")
    live.tick(40)
    state = live.state
    share, phase, meeting = (state.current.seconds(live.at), state.phase_seconds(live.at),
                             state.meeting_seconds(live.at))
    live.do("start_care_pause")
    live.tick(300)  # five minutes inside the pause
    assert live.state.current.seconds(live.at) == share
    assert live.state.phase_seconds(live.at) == phase
    assert live.state.meeting_seconds(live.at) == meeting + 300
    live.do("end_care_pause")
    live.tick(10)
    assert live.state.current.seconds(live.at) == share + 10
    assert live.state.phase_seconds(live.at) == phase + 10
    assert live.state.care_pause is None


def test_care_pause_leaves_a_share_paused_by_hand_paused():
    live = speaking("Ana")
    live.tick(20)
    live.do("toggle_pause")
    live.do("start_care_pause")
    live.tick(60)
    live.do("end_care_pause")
    live.tick(60)
    assert live.state.current.watch.paused
    assert live.state.current.seconds(live.at) == 20


def test_every_other_action_waits_until_the_care_pause_ends():
    live = speaking("Ana")
    live.do("start_care_pause")
    for method, args in [("next", ()), ("queue", ("Ben",)), ("undo", ()), ("next_phase", ()),
                         ("toggle_pause", ()), ("show_reminder", ("One voice",)),
                         ("start_quiet", (BOX,))]:
        with pytest.raises(Refused, match="care pause"):
            getattr(live.m, method)(*args, at=live.at)
    with pytest.raises(Refused, match="already on"):
        live.m.start_care_pause(live.at)
    live.do("end_care_pause")
    with pytest.raises(Refused, match="no care pause"):
        live.m.end_care_pause(live.at)
    live.do("next")


def test_care_pause_is_recorded_with_time_length_and_a_follow_up_flag_only():
    live = speaking("Ana")
    live.tick(30)
    live.do("start_care_pause")
    live.tick(125)
    live.do("end_care_pause")
    data = to_json(live.m, live.at)
    assert data["pauses"] == [
        {"at": iso(live.at - 125), "seconds": 125, "kind": "care", "follow_up": True}
    ]
    assert "care pause, 2:05 (follow up privately)" in to_markdown(live.m, live.at)


def test_care_pause_not_undoable_and_undo_still_takes_back_the_queue():
    live = Live()
    live.do("queue", "Ana")
    live.do("start_care_pause")
    live.do("end_care_pause")
    live.do("undo")
    assert live.state.queue == []
    assert len(live.state.pauses) == 1 and live.state.pauses[0].ended_at is not None


def test_quiet_mode_shows_the_prompt_and_records_a_quiet_time_without_freezing():
    live = speaking("Ana")
    share = live.state.current.seconds(live.at)
    live.do("start_quiet", BOX, seconds=60)
    quiet = live.state.quiet
    assert (quiet.prompt_id, quiet.kind, quiet.text, quiet.seconds) == (
        "breathing-box", "breathing-box", "In, hold, out, hold.", 60)
    live.tick(45)
    assert quiet.remaining(live.at) == 15
    assert live.state.current.seconds(live.at) == share + 45  # quiet is meeting time
    with pytest.raises(Refused, match="already on"):
        live.m.start_quiet(BOX, live.at)
    live.do("end_quiet")
    assert live.state.quiet is None
    pauses = to_json(live.m, live.at)["pauses"]
    assert pauses == [{"at": iso(live.at - 45), "seconds": 45, "kind": "quiet",
                       "follow_up": False, "prompt": "breathing-box"}]


def test_quiet_mode_refuses_what_it_cannot_show():
    live = Live()
    with pytest.raises(Refused, match="does not know"):
        live.m.start_quiet({"kind": "yelling", "text": "x"}, live.at)
    with pytest.raises(Refused, match="cannot be empty"):
        live.m.start_quiet({"kind": "reflection", "text": " \x1b[2J "}, live.at)
    with pytest.raises(Refused, match="60 minutes"):
        live.m.start_quiet(BOX, live.at, seconds=0)
    with pytest.raises(Refused, match="not on"):
        live.m.end_quiet(live.at)


def test_care_pause_ends_quiet_mode():
    live = Live()
    live.do("start_quiet", BOX)
    live.tick(5)
    live.do("start_care_pause")
    assert live.state.quiet is None and live.state.care_pause is not None
    assert [p.kind for p in live.state.pauses] == ["quiet", "care"]


def test_reminder_shown_replaced_and_cleared():
    live = Live()
    live.do("show_reminder", "One voice at a time.")
    assert live.state.reminder == "One voice at a time."
    with pytest.raises(Refused, match="already showing"):
        live.m.show_reminder("One voice at a time.", live.at)
    live.do("show_reminder", "[bold]Phones[/] \x1b[31msilent")
    assert live.state.reminder == "[bold]Phones[/] silent"
    live.do("clear_reminder")
    assert live.state.reminder is None
    with pytest.raises(Refused, match="No reminder"):
        live.m.clear_reminder(live.at)
    with pytest.raises(Refused, match="cannot be empty"):
        live.m.show_reminder("   ", live.at)


def test_ending_the_meeting_in_a_care_pause_closes_everything():
    live = speaking("Ana")
    live.do("show_reminder", "Share the air.")
    live.do("start_care_pause")
    live.tick(50)
    live.do("end")
    state = live.state
    assert state.care_pause is None and state.reminder is None and not state.is_open
    assert state.pauses[0].seconds(live.at + 1000, state.ended_at) == 50


def test_odd_stored_events_never_raise():
    live = Live()
    at = live.at
    odd = [
        {"seq": 1, "type": care.QUIET_STARTED, "at": at, "seconds": float("nan"),
         "prompt_kind": None},
        {"seq": 2, "type": care.QUIET_STARTED, "at": at, "seconds": "x"},
        {"seq": 3, "type": care.CARE_ENDED, "at": at},
        {"seq": 4, "type": care.REMINDER_SHOWN, "at": at, "text": 5},
        {"seq": 5, "type": care.QUIET_ENDED, "at": at},
        {"seq": 6, "type": care.QUIET_ENDED, "at": at},
        {"seq": 7, "type": care.CARE_STARTED, "at": at},
        {"seq": 8, "type": care.CARE_STARTED, "at": at + 1},
    ]
    meeting = Meeting([live.m.events[0], *odd])
    assert meeting.state.reminder is None and meeting.state.care_pause.started_at == at
    assert Meeting(json.loads(json.dumps(meeting.events))).state == meeting.state


def test_breathing_pacer_is_a_slow_function_of_time():
    assert care.breath_at("breathing-box", 0) == care.BreathStep("Breathe in", 0.0, 4)
    assert care.breath_at("breathing-box", 2).fill == 0.5
    assert care.breath_at("breathing-box", 5) == care.BreathStep("Hold", 1.0, 3)
    assert care.breath_at("breathing-box", 10).word == "Breathe out"
    assert care.breath_at("breathing-box", 13) == care.BreathStep("Hold", 0.0, 3)
    assert care.breath_at("breathing-box", 16).word == "Breathe in"  # a 16 s cycle
    assert care.breath_at("breathing-478", 4) == care.BreathStep("Hold", 1.0, 7)
    assert care.breath_at("breathing-478", 11).word == "Breathe out"
    assert care.breath_at("breathing-478", 19).word == "Breathe in"  # a 19 s cycle
    # smooth: a tenth of a second never moves the bar by more than a fortieth of its length
    for kind in care.BREATH_PATTERNS:
        fills = [care.breath_at(kind, t / 10).fill for t in range(400)]
        assert max(abs(a - b) for a, b in zip(fills, fills[1:], strict=False)) <= 1 / 40 + 1e-9


def test_prompt_kinds_are_the_format_prompt_ids():
    assert care.PROMPT_KINDS == PROMPT_IDS
    assert [p["id"] for p in care.DEFAULT_PROMPTS] == list(PROMPT_IDS)


def test_library_defaults_and_edits():
    assert care.agreements_of({}) == list(care.DEFAULT_AGREEMENTS)
    assert len(care.DEFAULT_AGREEMENTS) == 8
    assert care.agreements_of({"agreements": []}) == []
    items = care.add_item([], "  One voice at a time. ")
    assert items == ["One voice at a time."]
    items = care.add_item(items, "Phones silent")
    assert care.move_item(items, 1, -1) == ["Phones silent", "One voice at a time."]
    assert care.edit_item(items, 0, "One voice") == ["One voice", "Phones silent"]
    assert care.remove_item(items, 0) == ["Phones silent"]
    with pytest.raises(Refused, match="An agreement cannot be empty"):
        care.add_item(items, " \t ")
    with pytest.raises(Refused, match="at most 2000"):
        care.add_item(items, "x" * 10_000)
    with pytest.raises(Refused, match="top"):
        care.move_item(items, 0, -1)
    prompts = care.prompts_of({})
    prompts = care.add_prompt(prompts, "What surprised you today?")
    assert prompts[-1] == {"id": "reflection-2", "kind": "reflection",
                           "text": "What surprised you today?"}
    edited = care.edit_item(prompts, 0, "Silence, please.", "A prompt")
    assert edited[0] == {"id": "moment-of-silence", "kind": "moment-of-silence",
                         "text": "Silence, please."}
    assert care.find_prompt(edited, "moment-of-silence")["text"] == "Silence, please."
    # a format names a prompt the group removed: the shipped one is used
    assert care.find_prompt([], "reflection")["text"].startswith("What is one thing")
    assert care.find_prompt(edited, None) is None
