"""Agreements, reminders, quiet mode and the care pause, driven by their documented keys."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input

from roomtui.meeting import Meeting
from roomtui.meeting.care import DEFAULT_AGREEMENTS, DEFAULT_PROMPTS, agreements_of, prompts_of
from roomtui.records.export import to_json
from roomtui.storage import GroupBook, MeetingLog, locations
from tests.pilots import add, assert_in_palette, redraw
from tests.screen import screen_text
from tests.views_helpers import until

ROSTER = ("Ana", "Ben", "Cara", "Dev", "Eli", "Femi")


async def press(pilot, *keys: str, wait: float = 0.05) -> None:
    await pilot.press(*keys)
    await pilot.pause(wait)


def stored_state(app):
    path = locations.meeting_file(app.session.root, app.session.state.id)
    return Meeting(MeetingLog(path, readonly=True).events()).state


def stored_group(app) -> dict:
    return GroupBook(locations.groups_file(app.session.root), readonly=True).get(
        app.session.group["id"])


# -- g: the read-aloud view ---------------------------------------------------------------


async def test_read_aloud_one_at_a_time_then_all_then_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g")
        text = screen_text(app)
        assert "What is shared here stays here." in text and "1 of 8" in text
        assert "Queue" not in text and "Ana" not in text
        await press(pilot, "right")
        assert "One voice at a time." in screen_text(app) and "2 of 8" in screen_text(app)
        await press(pilot, "left", "left")
        assert "No graphic detail of self-harm or methods." in screen_text(app)
        await press(pilot, "v")
        text = screen_text(app)
        assert all(a in text for a in DEFAULT_AGREEMENTS[:6])
        await press(pilot, "escape")
        assert "Queue" in screen_text(app)


async def test_reminder_from_the_read_aloud_view_and_cleared_with_c(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g", "right", "c")
        assert app.session.state.reminder == "One voice at a time."
        assert "A gentle reminder: One voice at a time." in screen_text(app)
        assert stored_state(app).reminder == "One voice at a time."  # the room view reads this
        await press(pilot, "c")
        assert app.session.state.reminder is None
        assert "A gentle reminder" not in screen_text(app)
        assert "Reminder cleared." in screen_text(app)


async def test_reminder_key_offers_the_agreements(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "c")
        assert "Show a gentle reminder" in screen_text(app)
        await press(pilot, "down", "down", "enter")
        assert app.session.state.reminder == DEFAULT_AGREEMENTS[2]
        await press(pilot, "c", "escape")  # clears; then a second c opens, escape cancels
        assert app.session.state.reminder is None


# -- editing the agreements ----------------------------------------------------------------


async def test_edit_agreements_add_edit_reorder_remove_and_they_persist(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "g", "e")
        assert "Group agreements: edit" in screen_text(app)
        await press(pilot, "a", "enter")  # empty: refused, nothing saved
        assert "An agreement cannot be empty." in screen_text(app)
        assert "agreements" not in stored_group(app)
        await press(pilot, "a", *"Tea is free", "enter")
        assert agreements_of(stored_group(app))[-1] == "Tea is free"
        await press(pilot, "left_square_bracket")  # the new one is selected: move it up
        assert agreements_of(stored_group(app))[-2:] == ["Tea is free", DEFAULT_AGREEMENTS[-1]]
        await press(pilot, "home", "down", "e", "home", "ctrl+k", *"One voice, please", "enter")
        assert agreements_of(stored_group(app))[1] == "One voice, please"
        await press(pilot, "home", "x")
        assert "Removed." in screen_text(app)
        await press(pilot, "escape")
        assert "One voice, please" in screen_text(app) and "1 of 8" in screen_text(app)
        await press(pilot, "escape", "ctrl+q")
    expected = ["One voice, please", *DEFAULT_AGREEMENTS[2:-1], "Tea is free",
                DEFAULT_AGREEMENTS[-1]]
    again = make_app()
    assert agreements_of(again.session.group) == expected
    async with again.run_test(size=(100, 30)) as pilot:
        await press(pilot, "g", "v")
        assert "Tea is free" in screen_text(again)


async def test_hostile_and_long_agreements_show_literally_and_keep_the_layout(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "g", "e", "a")
        field = app.screen.query_one(Input)
        field.value = "[bold red]Be kind[/] \x1b[31m\x1b[2J נועה 🌱"
        await press(pilot, "enter")
        await press(pilot, "a")
        app.screen.query_one(Input).value = "x" * 10_000
        await press(pilot, "enter")
        assert "can be at most 2000 characters" in screen_text(app)
        await press(pilot, "a")
        app.screen.query_one(Input).value = "long " * 400
        await press(pilot, "enter")
        saved = agreements_of(stored_group(app))
        assert saved[-2] == "[bold red]Be kind[/]  נועה 🌱" and len(saved) == 10
        await press(pilot, "escape", "left", "left")
        text = screen_text(app)
        assert "[bold red]Be kind[/]" in text and "\x1b" not in text
        await press(pilot, "right")  # the 2000-character one: header and keys still there
        text = screen_text(app).splitlines()
        assert "Our group agreements   10 of 10" in text[0]
        assert "esc back" in text[-1]
        await press(pilot, "left", "c")
        assert "A gentle reminder: [bold red]Be kind[/]" in screen_text(app)
        assert "Queue" in screen_text(app)


# -- m: quiet mode ---------------------------------------------------------------------------


async def busy(pilot, clock) -> None:
    for name in ("Ana", "Ben", "Zoë"):
        await add(pilot, name)
    await press(pilot, "n")
    clock.advance(30)


@pytest.mark.parametrize("index", range(len(DEFAULT_PROMPTS)))
async def test_every_quiet_prompt_hides_every_name_and_any_key_returns(make_app, clock, index):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await busy(pilot, clock)
        before = app.session.state
        queue, current = list(before.queue), before.current.name
        await press(pilot, "m")
        assert "Quiet mode: choose a prompt" in screen_text(app)
        await press(pilot, "home", *["down"] * index, "enter")
        await until(pilot, lambda: "any key returns to the meeting" in screen_text(app))
        prompt = DEFAULT_PROMPTS[index]
        assert app.session.state.quiet.prompt_id == prompt["id"]
        text = screen_text(app)
        assert prompt["text"] in " ".join(text.split())
        for name in (*ROSTER, "Zoë"):
            assert name not in text, name
        assert "Queue" not in text and "People" not in text
        await press(pilot, "x")  # any key; x does NOT remove anyone here
        state = app.session.state
        assert state.quiet is None and state.queue == queue and state.current.name == current
        assert "Back from quiet mode." in screen_text(app)
        assert stored_state(app) == state


async def test_moment_of_silence_with_a_silent_timer(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "m")
        assert "Silent timer for a moment of silence: off" in screen_text(app)
        await press(pilot, "t")
        assert "Silent timer for a moment of silence: 1 min" in screen_text(app)
        await press(pilot, "enter")  # phase 1 opens with the moment of silence: it is first
        assert app.session.state.quiet.seconds == 60
        clock.advance(25)
        await redraw(pilot)
        assert "0:35" in screen_text(app)
        clock.advance(40)
        await redraw(pilot)
        assert "The silence is over." in screen_text(app)


async def test_breathing_pacer_follows_the_clock(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "m", "home", "down", "down", "enter")  # 4-7-8
        await redraw(pilot)
        assert re.search(r"Breathe in…\s+4", screen_text(app))
        clock.advance(5)
        await redraw(pilot)
        assert re.search(r"Hold…\s+6", screen_text(app))
        clock.advance(7)
        await redraw(pilot)
        assert re.search(r"Breathe out…\s+7", screen_text(app))


async def test_a_phase_that_opens_with_a_prompt_offers_it(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "b")  # the meeting begins with its first phase
        assert "It opens with a moment of silence: press m." in screen_text(app)
        for _ in range(5):  # to the check-out round, which opens with a reflection
            await press(pilot, "p")
        assert "It opens with a question to reflect on: press m." in screen_text(app)
        await press(pilot, "m", "enter")
        assert app.session.state.quiet.prompt_id == "reflection"


async def test_edit_prompts_persists_and_the_new_prompt_can_be_used(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "m", "end", "e")
        assert "Quiet prompts" in screen_text(app)
        await press(pilot, "a", "enter")
        assert "A prompt cannot be empty." in screen_text(app)
        await press(pilot, "a", *"What surprised you?", "enter", "escape")
        await press(pilot, "end", "enter")
        assert app.session.state.quiet.text == "What surprised you?"
        await press(pilot, "escape", "ctrl+q")
    again = make_app()
    assert prompts_of(again.session.group)[-1] == {
        "id": "reflection-2", "kind": "reflection", "text": "What surprised you?"}


# -- !: the care pause -------------------------------------------------------------------------


async def test_care_pause_freezes_every_timer_and_is_recorded(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await busy(pilot, clock)  # Ana has spoken 30 s
        state = app.session.state
        phase_before = state.phase_seconds(clock())
        await press(pilot, "exclamation_mark")
        text = screen_text(app)
        assert "Care pause" in text and "Feel your feet on the floor." in text
        for name in (*ROSTER, "Zoë"):
            assert name not in text, name
        clock.advance(300)  # five minutes inside the pause
        await press(pilot, "n", "u", "x")  # nothing else acts during the pause
        state = app.session.state
        assert state.current.name == "Ana" and len(state.queue) == 2
        assert state.current.seconds(clock()) == 30
        assert state.phase_seconds(clock()) == phase_before
        await press(pilot, "enter")
        assert "Care pause over" in screen_text(app)
        clock.advance(10)
        assert app.session.state.current.seconds(clock()) == 40
        assert app.session.state.phase_seconds(clock()) == phase_before + 10
        pauses = to_json(app.session.meeting, clock())["pauses"]
        assert [(p["kind"], p["seconds"], p.get("follow_up")) for p in pauses] == [
            ("care", 300, True)]
        assert stored_state(app) == app.session.state


async def test_care_pause_survives_a_restart_and_quiet_mode_leads_into_it(make_app, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "m", "home", "enter", "exclamation_mark")
        state = app.session.state
        assert state.quiet is None and state.care_pause is not None
        await press(pilot, "ctrl+q")
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Care pause" in screen_text(again)
        clock.advance(20)
        await press(pilot, "exclamation_mark")
        assert again.session.state.care_pause is None
        assert "Queue" in screen_text(again)
        kinds = [p.kind for p in again.session.state.pauses]
        assert kinds == ["quiet", "care"]


async def test_help_and_palette_list_the_new_keys(make_app):
    app = make_app()
    async with app.run_test(size=(100, 50)) as pilot:
        assert_in_palette(app, "Agreements", "Quiet", "Care pause", "Reminder")
        await press(pilot, "question_mark")
        text = screen_text(app)
        for key in ("g", "m", "!", "c"):
            assert re.search(rf"│\s+{re.escape(key)}\s\s+\w", text), key


@pytest.mark.process
@pytest.mark.parametrize("fields", [{"agreements": "be kind"}, {"agreements": [1, 2]},
                                    {"prompts": [{"kind": "reflection"}]}, {"prompts": {}}])
def test_a_broken_library_is_reported_and_never_overwritten(make_app, data_dir, fields):
    from tests.test_cli import run

    app = make_app(group="Tuesday")
    gid = app.session.group["id"]
    app.session._lock.release()
    path = locations.groups_file(data_dir)
    GroupBook(path).update(gid, **fields)
    before = path.read_bytes()
    result = run("--group", "Tuesday", root=data_dir)  # the real command, in a process
    assert result.returncode == 2
    assert str(path) in result.stderr and "left exactly as it was" in result.stderr
    assert "agreements" in result.stderr or "quiet prompts" in result.stderr
    assert path.read_bytes() == before


async def test_a_long_prompt_with_markup_shows_literally_and_keeps_the_layout(make_app, data_dir):
    app = make_app(group="Tuesday")
    gid = app.session.group["id"]
    app.session._lock.release()
    prompts = [{"id": "reflection", "kind": "reflection",
                "text": "[bold]What[/] helps? " + "and then " * 220}]
    GroupBook(locations.groups_file(data_dir)).update(gid, prompts=prompts)
    app = make_app(group="Tuesday")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "m", "enter")
        await until(pilot, lambda: "any key returns to the meeting" in screen_text(app))
        lines = screen_text(app).splitlines()
        assert any("[bold]What[/] helps?" in line for line in lines)
        assert "any key returns to the meeting" in lines[-1]
        assert all(len(line) <= 80 for line in lines)
        await press(pilot, "space")
        assert "Queue" in screen_text(app)
