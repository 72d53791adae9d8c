"""Pilot steps that several test files take: add someone, reach the Sharing phase, press
keys and read the screen, redraw after the clock moved, run a command from the palette.
Each waits on what it needs, never a guessed pause."""

from __future__ import annotations

from tests.screen import screen_text
from tests.views_helpers import until

#: The methods the screens' own interval timers call to redraw from the clock.
REDRAWS = ("refresh_view", "tick")

#: The terminal sizes of the snapshot tests, by the name their test ids (and SVGs) carry.
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


async def add(pilot, *names: str, key: str = "a") -> None:
    """For each name in turn: ``a`` (or ``key``), the name, Enter; a second Enter where
    the name is new ("New person: …? Enter adds")."""
    for name in names:
        await pilot.press(key, *name, "enter")
        await pilot.pause()
        if pilot.app.screen.query("#prompt") and pilot.app.screen.query_one("#prompt").display:
            await pilot.press("enter")
            await pilot.pause()


async def to_sharing(pilot) -> None:
    """``b`` begins the meeting, then ``p`` three times: the "Sharing" phase (3-minute
    shares, crosstalk on)."""
    await pilot.press("b")
    for _ in range(3):
        await pilot.press("p")


async def screen_after(pilot, *keys: str) -> str:
    """Press ``keys``, let the app handle them, and return the screen's text."""
    await pilot.press(*keys)
    await pilot.pause()
    return screen_text(pilot.app)


async def redraw(pilot) -> None:
    """Draw now what the next 1 s tick would draw (after ``clock.advance``), on every
    screen of the stack: a screen under a modal one shows through it."""
    for screen in pilot.app.screen_stack:
        for name in REDRAWS:
            method = getattr(screen, name, None)
            if callable(method):
                method()
                break
    await pilot.pause()


def scene_then_redraw(scene, clock):
    """A snapshot's ``run_before``: play ``scene(pilot, clock)``, then draw the clock."""
    async def run_before(pilot) -> None:
        await scene(pilot, clock)
        await redraw(pilot)

    return run_before


def assert_in_palette(app, *labels: str) -> None:
    """Each label begins the title of a command the palette offers on this screen."""
    titles = [command.title for command in app.get_system_commands(app.screen)]
    for label in labels:
        assert any(title.startswith(label) for title in titles), (label, titles)


async def live_busy(pilot, clock, third: str = "Zoë [b]x[/]") -> None:
    """Sharing phase: Ana speaking 1:35 in, Ben and ``third`` waiting, then Cara, and Dev
    with a direct response."""
    await to_sharing(pilot)
    for name in ("Ana", "Ben"):
        await pilot.press("a", *name, "enter")
    await add(pilot, third)  # a new person: the second Enter adds them
    await pilot.press("n")
    clock.advance(95)
    await pilot.press("a", *"Cara", "enter")
    await pilot.press("d", *"Dev", "enter")


async def palette(pilot, typed: str) -> None:
    """Open the command palette, type ``typed``, wait for a match, run the first one."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)

    def found() -> bool:  # the search for all of ``typed`` has put a match on top
        option = pilot.app.screen.query_one(CommandList).highlighted_option
        return option is not None and str(option.prompt).lower().startswith(typed.lower())

    await until(pilot, found)
    await pilot.press("enter")
    await pilot.pause()
