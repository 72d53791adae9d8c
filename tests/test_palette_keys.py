"""The command palette under key bursts (issue 19): PageUp while its list is rebuilt,
and Enter held on a command. Both stopped the app (exit 70) with Textual's own palette.
"""

from __future__ import annotations

import asyncio

from textual.command import CommandList, CommandPalette
from textual.system_commands import SystemCommandsProvider
from textual.widgets import Input

from roomtui.ui.palette import Palette
from roomtui.ui.review import build_review_app
from tests.archive_helpers import scripted_meeting
from tests.bursts import burst
from tests.screen import screen_text
from tests.views_helpers import until


async def test_pageup_as_the_palette_opens(make_app):
    """ctrl+p and PageUp together: Textual's OptionList raised KeyError: 0."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+p", "pageup", "pagedown", "pageup")
        assert isinstance(app.screen, Palette)
        await pilot.press("escape")
        assert not CommandPalette.is_open(app)
        assert "Queue" in screen_text(app)


async def test_page_keys_still_page_a_drawn_list(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 10
                    and commands.highlighted is not None and commands.region.height > 2)
        await pilot.press("pagedown")
        assert commands.highlighted > 0
        await pilot.press("pageup")
        assert commands.highlighted == 0


async def test_pageup_while_a_search_rebuilds_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.press("ctrl+p")
        for typed in ("zzz", "backspace", "n", "backspace"):
            keys = list(typed) if typed != "backspace" else ["backspace"] * 3
            await burst(pilot, *keys, "pageup", "pagedown", "pageup", settle=0.05)
        assert isinstance(app.screen, Palette)


async def test_enter_held_on_a_command_runs_it_once(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"Ana", "enter", "a", *"Ben", "enter")
        await pilot.press("ctrl+p")  # typed only once the palette has the keys: under
        await until(pilot, lambda: isinstance(app.focused, Input))  # load "n" went to the queue
        # the command's name, which the palette matches ("speaker" is only in its help:
        # under load the search for "Next speaker" ended, rightly, in "No matches")
        await pilot.press(*"Next")
        await until(pilot, lambda: app.screen.query_one(CommandList).highlighted is not None)
        await burst(pilot, "enter", "enter", "enter", settle=0.5)
        assert not CommandPalette.is_open(app)
        assert app.session.state.current.name == "Ana"  # once: Ben is still waiting
        assert [e.name for e in app.session.state.queue] == ["Ben"]


async def test_review_palette_under_bursts(data_dir, clock):
    scripted_meeting(data_dir, clock)
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+p", "pageup", "pageup")
        assert isinstance(app.screen, Palette)
        await burst(pilot, "enter", "enter", "enter", settle=0.5)
        assert not CommandPalette.is_open(app)
        assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "ReviewScreen"]
        assert app.return_code is None  # still running


async def test_review_enter_held_opens_one_summary(data_dir, clock):
    scripted_meeting(data_dir, clock)
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "enter", "enter", "enter")
        assert [type(s).__name__ for s in app.screen_stack] == [
            "Screen", "ReviewScreen", "SummaryScreen"]
        await burst(pilot, "escape")
        assert "Past meetings" in screen_text(app)




async def test_a_page_key_reaching_a_closed_palette_does_nothing(make_app):
    """Found by the monkey (seed 1): PageUp on a list not drawn yet waits for the next
    refresh; Escape closed the palette first, and the waiting page key then found no list
    (NoMatches: CommandList, exit 70)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        palette = app.screen
        await pilot.press("escape")
        await until(pilot, lambda: not palette.query(CommandList))
        palette.action_page(-1)
        await pilot.pause()
        assert not CommandPalette.is_open(app)
        assert "Queue" in screen_text(app)


async def test_page_keys_and_escape_at_once(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+p", "pageup", "escape", "ctrl+p", "pagedown", "escape")
        assert not CommandPalette.is_open(app)
        assert "Queue" in screen_text(app)


async def test_palette_closed_before_it_mounted(make_app):
    """Found by the monkey (seed 19): ctrl+p and Escape at once closed the palette before
    it mounted; Textual's mount then searched a palette being removed (NoMatches:
    CommandList) or looked for its caller below the top of the stack (IndexError)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_command_palette()
        app.screen.dismiss()  # before the palette has handled its Mount
        await pilot.pause()
        await pilot.pause(0.2)
        assert [type(s).__name__ for s in app.screen_stack] == ["LiveScreen"]
        await burst(pilot, "ctrl+p", "escape", "a", "b", "ctrl+p", "x", "escape", "c")
        assert not CommandPalette.is_open(app)
        assert "Queue" in screen_text(app)


async def test_ctrl_p_right_after_ctrl_q(make_app):
    """Found by the monkey (seed 19): ctrl+q then ctrl+p opened the palette while the app
    took its screens down; its search found no list (NoMatches: CommandList, exit 70)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+q", "ctrl+p", "a", "b")
    assert app.return_code == 0


async def test_ctrl_p_escape_ctrl_p_in_one_burst_opens_one_palette(make_app):
    """The monkey, seed 19: a palette opened while the last one was still closing got
    the same id (DuplicateIds, exit 70). The press that finds one closing opens none."""
    from roomtui.ui.palette import Palette

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(4):
            await burst(pilot, "ctrl+p", "escape", "ctrl+p", "escape", "ctrl+p", settle=0.05)
            assert app.return_code is None
            palettes = [s for s in app.screen_stack if isinstance(s, Palette)]
            assert len(palettes) <= 1
            await burst(pilot, "escape", settle=0.1)


def test_the_palette_page_keys_come_before_textuals():
    """Priority bindings: our page action runs, not Textual's, which pages a list that
    may have no size yet (KeyError: 0)."""
    from roomtui.ui.palette import Palette

    ours = {b.key: b for b in Palette.BINDINGS if b.key in ("pageup", "pagedown")}
    assert {k: (b.action, b.priority) for k, b in ours.items()} == {
        "pageup": ("page(-1)", True), "pagedown": ("page(1)", True)}


async def test_the_palette_list_pages_nothing_before_it_is_laid_out(make_app):
    """The monkey, seed 496695: Textual's own page binding reached the list between a
    rebuild and its layout (KeyError from OptionList._move_page). The list itself now
    refuses; the docstring's minimal reproduction, on the palette's list."""
    from textual.command import Command, Hit

    from roomtui.ui.palette import SteadyCommandList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+p")
        commands = app.screen.query_one(CommandList)
        assert isinstance(commands, SteadyCommandList)
        commands.display = False
        await pilot.pause()  # laid out hidden: no size
        hits = [Command(f"option {i}", Hit(1, f"option {i}", lambda: None))
                for i in range(30)]
        commands.clear_options().add_options(hits)
        commands.highlighted = 0
        commands.display = True  # shown, not laid out yet
        commands.action_page_up()
        commands.action_page_down()
        await pilot.pause()
        assert app.return_code is None


async def test_the_colour_chooser_is_the_steady_palette_too(make_app):
    """The monkey, seed 942835: "Colours" opened Textual's plain palette, whose list
    PageUp met before it was laid out (KeyError: 0, exit 70)."""
    from roomtui.ui.palette import SteadyCommandList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_change_theme()
        await pilot.pause()
        assert isinstance(app.screen, Palette)
        assert isinstance(app.screen.query_one(CommandList), SteadyCommandList)
        await burst(pilot, "pageup", "pagedown", "pageup", "escape", settle=0.2)
        assert app.return_code is None


async def test_typed_before_the_palette_has_started_is_still_searched(make_app, monkeypatch):
    """Typed into before the palette's providers had started, Textual's palette found
    nothing for as long as it stayed open (ui/palette.py, 4.). A slow startup stands in
    for a loaded machine."""
    async def slow_start(self) -> None:
        await asyncio.sleep(0.3)

    monkeypatch.setattr(SystemCommandsProvider, "startup", slow_start)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"Ana", "enter")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press(*"Next")  # while the palette still starts up
        await until(pilot, lambda: app.screen.query_one(CommandList).highlighted is not None)
        await pilot.press("enter")
        await until(pilot, lambda: app.session.state.current is not None)
        assert app.session.state.current.name == "Ana"
