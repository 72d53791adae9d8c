"""SVG snapshots of the live screen. Update with: make test PYTEST_ARGS=--snapshot-update"""

from __future__ import annotations

import pytest

from tests.pilots import SIZES, live_busy, redraw, scene_then_redraw, to_sharing


@pytest.mark.parametrize("size", sorted(SIZES))
def test_live_screen_busy(snap_compare, make_app, clock, size):
    assert snap_compare(make_app(), terminal_size=SIZES[size],
                        run_before=scene_then_redraw(live_busy, clock))


@pytest.mark.parametrize("size", sorted(SIZES))
def test_live_screen_first_open(snap_compare, make_app, size):
    """Not started: the top line says so, set-up keys work, no clock runs."""
    assert snap_compare(make_app(), terminal_size=SIZES[size])


def test_help_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(100, 32), press=["question_mark"])


def test_wrap_up_and_overtime(snap_compare, make_app, clock):
    async def run_before(pilot):
        await to_sharing(pilot)
        await pilot.press("a", *"Ana", "enter", "n")
        clock.advance(200)  # 3:00 share: 20 s over
        await redraw(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)
