"""SVG snapshots of the live screen. Update with: make test PYTEST_ARGS=--snapshot-update"""

from __future__ import annotations

import pytest

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def busy_meeting(clock):
    async def run_before(pilot):
        await pilot.press("b")  # the meeting begins
        for _ in range(3):
            await pilot.press("p")  # Sharing
        for name in ("Ana", "Ben", "Zoë [b]x[/]"):
            await pilot.press("a", *name, "enter")
        await pilot.press("n")
        clock.advance(95)
        await pilot.press("a", *"Cara", "enter")
        await pilot.press("d", *"Dev", "enter")
        await pilot.pause(1.2)

    return run_before


@pytest.mark.parametrize("size", sorted(SIZES))
def test_live_screen_busy(snap_compare, make_app, clock, size):
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=busy_meeting(clock))


@pytest.mark.parametrize("size", sorted(SIZES))
def test_live_screen_first_open(snap_compare, make_app, size):
    """Not started: the top line says so, set-up keys work, no clock runs."""
    assert snap_compare(make_app(), terminal_size=SIZES[size])


def test_help_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(100, 32), press=["question_mark"])


def test_wrap_up_and_overtime(snap_compare, make_app, clock):
    async def run_before(pilot):
        await pilot.press("b")  # the meeting begins
        for _ in range(3):
            await pilot.press("p")
        await pilot.press("a", *"Ana", "enter", "n")
        clock.advance(200)  # 3:00 share: 20 s over
        await pilot.pause(1.2)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)
