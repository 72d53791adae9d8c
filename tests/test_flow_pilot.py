"""The facilitator's flow in a room, by keys: set-up, begin, phases, rounds, focus."""

from __future__ import annotations

from tests.pilots import redraw, screen_after
from tests.screen import screen_text
from tests.views_helpers import shows, until


async def add(pilot, name: str, key: str = "a") -> None:
    await pilot.press(key, *name, "enter")
    await pilot.pause()


async def tick(pilot, clock, seconds: float) -> None:
    clock.advance(seconds)
    await redraw(pilot)  # what the next tick draws, without waiting for it


def top(app) -> str:
    return screen_text(app).splitlines()[0]


async def test_not_started_until_b_and_set_up_works_meanwhile(make_app, clock):
    app = make_app()
    opened = clock()
    async with app.run_test(size=(100, 30)) as pilot:
        await tick(pilot, clock, 151)
        assert "Not started · b begins" in top(app)
        assert "min left" not in top(app) and "meeting 0 min" not in top(app)
        await add(pilot, "Ana")  # the queue works
        await pilot.press("o", *"bring leaflets", "enter")  # notes work
        await pilot.pause()
        assert app.session.state.notes and [e.name for e in app.session.state.queue] == ["Ana"]
        await pilot.press("w")  # who's here
        await pilot.pause()
        assert app.screen.__class__.__name__ != "LiveScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert "The meeting has begun: Welcome" in await screen_after(pilot, "b")
        await tick(pilot, clock, 61)
        line = top(app)
        assert "1/7 Welcome" in line and "4 min left" in line and "meeting 1 min" in line
        assert app.session.state.started_at == opened + 151
        assert "already begun" in await screen_after(pilot, "b")


async def test_the_first_n_begins_the_meeting(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana")
        await tick(pilot, clock, 40)
        await pilot.press("n")
        await pilot.pause()
        state = app.session.state
        assert state.begun and state.current.name == "Ana"
        assert state.started_at == clock()


async def test_p_from_not_started_begins_the_first_phase(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert app.session.state.begun and app.session.state.phase_index == 0
        assert "1/7 Welcome" in top(app)


async def test_care_pause_begins_the_meeting(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert app.session.state.begun and app.session.state.care_pause is not None


async def test_a_not_started_meeting_resumes_not_started(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana")
    clock.advance(300)
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not again.session.state.begun
        assert "Not started · b begins" in top(again)
        assert [e.name for e in again.session.state.queue] == ["Ana"]


async def to_phase(pilot, app, index: int) -> None:
    """Begin, then p until the phase numbered ``index`` (0-based); the queue is empty."""
    await pilot.press("b")
    while app.session.state.phase_index < index:
        await pilot.press("p")
        await pilot.pause()


async def test_p_ends_the_turn_and_asks_once_about_the_waiting_then_undo(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_phase(pilot, app, 3)  # Sharing
        for name in ("Ana", "Ben", "Cara"):
            await add(pilot, name)
        await pilot.press("n")
        await tick(pilot, clock, 50)
        text = await screen_after(pilot, "p")
        assert "On to “Break”: 2 people are still waiting (Ben, Cara)" in text
        assert "k  keep them waiting" in text and "c  clear the queue" in text
        await pilot.press("c")
        await pilot.pause()
        state = app.session.state
        assert state.phase.name == "Break" and state.current is None and state.queue == []
        assert state.turns[-1].name == "Ana" and state.turns[-1].seconds(clock()) == 50
        assert "Ana's turn ended. Now: Break. Queue cleared (u to undo)." in screen_text(app)
        await tick(pilot, clock, 30)
        await pilot.press("u")
        await pilot.pause()
        state = app.session.state
        assert state.phase.name == "Sharing" and state.current.name == "Ana"
        assert [e.name for e in state.queue] == ["Ben", "Cara"]
        await pilot.press("p", "k")  # keep them waiting this time
        await pilot.pause()
        state = app.session.state
        assert state.phase.name == "Break" and state.current is None
        assert [e.name for e in state.queue] == ["Ben", "Cara"]
        assert "2 still waiting" in screen_text(app)
        await pilot.press("u", "p", "escape")  # Esc: stay in the phase
        await pilot.pause()
        assert app.session.state.phase.name == "Sharing"
        assert "Still in Sharing." in screen_text(app)


async def test_a_round_ends_in_words_and_its_last_person_is_named_so(make_app, clock):
    app = make_app()  # the starter roster: Ana, Ben, Cara, Dev, Eli, Femi
    async with app.run_test(size=(100, 30)) as pilot:
        await to_phase(pilot, app, 2)  # Check-in round
        assert "Eli  round  ·  Check-in round, 1 to go" in await screen_after(pilot, "r", "n", "n", "n", "n")
        assert "Check-in round, last in the round" in await screen_after(pilot, "n")
        assert "0 to go" not in screen_text(app)
        text = await screen_after(pilot, "n")
        assert "Round complete — p for Sharing" in text
        assert "Nobody is waiting now" not in text


async def test_break_shows_its_own_countdown(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_phase(pilot, app, 4)  # Break, 10 minutes
        await tick(pilot, clock, 125)
        text = screen_text(app)
        assert "Break  time left" in text and "Nobody is speaking" not in text
        from tests.screen import shows_big
        assert shows_big(text, "7:55")
        await tick(pilot, clock, 480)
        assert shows_big(screen_text(app), "+0:05") and "over time" in screen_text(app)


async def test_after_a_prompt_the_arrows_move_the_queue_selection_again(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for name in ("Ana", "Ben", "Cara"):
            await add(pilot, name)
        await pilot.press("down", "down")  # Cara selected
        await add(pilot, "Dev")  # the prompt closes with Enter
        assert app.focused.id == "queue"
        await pilot.press("up", "up", "x")  # Cara, Ben, Ana: Ana is removed
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Ben", "Cara", "Dev"]
        await pilot.press("down", "a", "escape")  # Escape closes the prompt too
        await pilot.pause()
        await pilot.press("down", "x")
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Ben", "Cara"]
        await pilot.press("o", *"theme", "enter", "home", "x")  # after a note as well
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Cara"]


async def test_help_reaches_its_last_line_and_names_gentle_priority_with_its_key(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = await screen_after(pilot, "end")
        assert "ctrl+q    Quit; the meeting is saved and resumes next time" in text
        await pilot.press("home")
        await pilot.pause()
        for _ in range(30):
            if "Gentle priority" in screen_text(app):
                break
            await pilot.press("down")
            await pilot.pause()
        line = next(ln for ln in screen_text(app).splitlines() if "Gentle priority" in ln)
        assert "P " in line and "ctrl+p" not in line
        await pilot.press("escape", "P")
        await pilot.pause()
        assert app.session.state.priority_unspoken
        assert "Gentle priority is on" in screen_text(app)


async def test_the_palette_offers_roomtui_actions_only(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        helps = " ".join(c.help for c in commands)
        assert "Colours" in titles and "Theme" not in titles
        assert not {"Keys", "Maximize", "Minimize", "Screenshot"} & set(titles)
        assert "as soon as possible" not in helps
        assert "Quit  (ctrl+q)" in titles and "Gentle priority  (P)" in titles
        await pilot.press("ctrl+p", *"Maxim")
        await pilot.pause(0.5)
        assert "Maximize" not in screen_text(app)


async def test_keys_toml_moves_an_action_and_help_shows_it(make_app, data_dir):
    first = make_app()
    first.session.close()
    (data_dir / "keys.toml").write_text(
        'move_up = "ctrl+up"\nmove_down = "ctrl+down"\nnext = "n,N"\nbogus = "z"\n',
        encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "keys.toml: not used: bogus" in screen_text(app)
        for name in ("Ana", "Ben"):
            await add(pilot, name)
        await pilot.press("down", "ctrl+up")  # Ben up, with the remapped key
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Ben", "Ana"]
        await pilot.press("left_square_bracket")  # [ no longer moves anyone
        await pilot.pause()
        assert [e.name for e in app.session.state.queue] == ["Ben", "Ana"]
        await pilot.press("N")
        await pilot.pause()
        assert app.session.state.current.name == "Ben"
        assert "ctrl+up" in await screen_after(pilot, "question_mark")


def test_every_binding_has_an_id_and_ids_are_unique():
    from roomtui.ui.keymap import APP_KEYS, LIVE_KEYS
    from roomtui.ui.screens.live.screen import LiveScreen

    ids = [b.id for b in LiveScreen.BINDINGS]
    assert all(ids) and len(ids) == len(set(ids))
    assert {k.id for k in LIVE_KEYS + APP_KEYS} >= {"next", "move_up", "care_pause", "begin"}


def test_the_readme_lists_every_remappable_id():
    import re
    from pathlib import Path

    from roomtui.ui.keymap import remappable_ids

    readme = Path(__file__).parent.parent.joinpath("README.md").read_text(encoding="utf-8")
    listed = re.search(r"Ids: `([^`]*)`", readme).group(1).split()
    for screen, actions in re.findall(r"^- `(\w+)\.` [^:]*: `([^`]*)`$", readme, re.M):
        listed += [f"{screen}.{action}" for action in actions.split()]
    assert sorted(listed) == sorted(remappable_ids())
    assert len(listed) == len(set(listed))


async def test_minus_five_times_then_plus_the_words_agree_with_the_clock(make_app, clock):
    from tests.screen import shows_big

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_phase(pilot, app, 3)  # Sharing: 3-minute shares, one-minute cue
        await add(pilot, "Ana")
        await pilot.press("n")
        await tick(pilot, clock, 46)
        await pilot.press(*["minus"] * 5)  # 3:00 -> 0:30 limit; a sixth is refused
        assert "cannot be shorter" in await screen_after(pilot, "minus")
        await pilot.press("plus")  # 1:00 limit, 46 s gone: 0:14 left
        await tick(pilot, clock, 0)
        text = screen_text(app)
        assert shows_big(text, "0:14")
        assert "time to wrap up" in text and "30 seconds left" not in text
        assert "one minute left" not in text and "no time limit" not in text
        await tick(pilot, clock, 15)
        text = screen_text(app)
        assert "1:00 limit   ◆ over time" in text and "wrap up" not in text


LONG_PHASE = """\
name = "Long names"
share_minutes = 3

[[phase]]
name = "Welcome, a moment of silence and the reading of our agreements aloud"
minutes = 5

[[phase]]
name = "Sharing"
minutes = 40
"""


def long_phase_app(make_app, data_dir, group="悲伤互助小组 · 星期四晚上"):
    from roomtui.storage import locations

    first = make_app(group=group)
    gid = first.session.group["id"]
    first.session.close()
    folder = locations.group_formats_dir(data_dir, gid)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "long.toml").write_text(LONG_PHASE, encoding="utf-8")
    second = make_app(group=group)
    second.session.reload_formats()
    second.session.choose_format("Long names")
    second.session.close()
    return make_app(group=group, new=True)


async def test_the_top_line_fits_80_columns_keeping_the_times(make_app, data_dir, clock):
    from rich.cells import cell_len

    app = long_phase_app(make_app, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await tick(pilot, clock, 125)
        from roomtui.ui.widgets.topbar import TopBar

        bar = app.query_one(TopBar)
        line = bar.render().plain  # screen_text places a wide character in one column
        assert cell_len(line) <= bar.content_size.width == 78
        assert "…" in line and "1/2 Welcome" in line
        assert line.endswith("3 min left  ·  meeting 2 min  ·  11:08")
        assert line.startswith("悲伤互助小组")
        assert top(app).rstrip().endswith("3 min left  ·  meeting 2 min  ·  11:08")


async def test_after_n_creates_a_group_enter_switches_to_it_and_the_footer_stays(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("n", *"Thursday grief circle", "enter")
        await pilot.pause()
        await pilot.press("enter")  # the default format
        await pilot.pause()
        assert app.screen.selected.name == "Thursday grief circle"
        await pilot.press("enter")
        await until(pilot, lambda: app.session.group["name"] == "Thursday grief circle"
                    and "Now in" in screen_text(app))
        lines = screen_text(app).splitlines()
        assert "Now in Thursday grief circle; Starter group is saved for later." in lines[-2]
        assert "a Add" in lines[-1] and "Quit" in lines[-1]  # the footer is still there


async def test_twelve_people_each_have_a_seat_key(make_app):
    app = make_app()
    names = [f"Person{i:02d}" for i in range(1, 13)]
    app.session.update_group(roster=[{"name": n, "role": "member"} for n in names])
    async with app.run_test(size=(80, 40)) as pilot:
        text = await screen_after(pilot, "w")
        assert " b  ○ not here  Person11" in text and " c  ○ not here  Person12" in text
        await pilot.press("b", "c", "1", "enter")
        await pilot.pause()
        assert sorted(app.session.state.present()) == ["Person01", "Person11", "Person12"]


async def test_a_paste_into_the_note_bar_is_kept_whole_or_refused_whole(make_app):
    from textual import events

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        field = app.focused
        lines = [f"line {i}: grief comes in waves, and the group held that" for i in range(30)]
        pasted = "\n".join(lines)  # about 1.6 KB over 30 lines
        field.post_message(events.Paste(pasted))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.notes[-1].text == " ".join(lines)  # whole, lines joined
        await pilot.press("o", *"keep ")
        await pilot.pause()
        big = "x" * 5000 + "\nend"  # beyond a terminal read chunk and a note's length
        app.focused.post_message(events.Paste(big))
        await pilot.pause()
        assert app.focused.value == "keep "  # nothing of it went in
        assert "That paste is 5,004 characters" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.session.state.notes) == 1


async def test_the_watch_view_says_not_started_without_a_key_it_cannot_press(data_dir, clock):
    from roomtui.session import open_session
    from roomtui.ui.viewer import WATCH, build_viewer

    session = open_session(data_dir, "Circle", clock=clock, await_begin=True)
    app = build_viewer(data_dir, "Circle", WATCH, clock=clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await shows(pilot, app, "Not started")
            line = screen_text(app).splitlines()[0]
            assert "Not started" in line and "b begins" not in line
    finally:
        session.close()
