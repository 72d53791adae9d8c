"""SVG snapshots of the share timer's three states, a round, the close and the formats
screen. Update with: make test PYTEST_ARGS=--snapshot-update (then look at the SVGs)."""

from __future__ import annotations

import pytest

from tests.pilots import redraw, to_sharing

SMALL = (80, 24)
LARGE = (120, 40)


def sharing(clock, seconds: float):
    """Ana shares in the Sharing phase (3-minute shares) for ``seconds``."""

    async def run_before(pilot):
        await to_sharing(pilot)
        await pilot.press("a", *"Ana", "enter", "a", *"Ben", "enter", "n")
        clock.advance(seconds)
        await redraw(pilot)

    return run_before


@pytest.mark.parametrize(
    "moment, seconds",
    [("normal", 50), ("wrap_up", 135), ("overtime", 222)],
)
def test_share_timer_at_80x24(snap_compare, make_app, clock, moment, seconds):
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=sharing(clock, seconds))


def round_in_progress(clock):
    async def run_before(pilot):
        await pilot.press("b", "p", "p", "r")  # the check-in round: 1:30 turns
        clock.advance(40)
        await pilot.press("n", "s")  # Ben passes; Cara speaks
        clock.advance(25)
        await redraw(pilot)

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_round_in_progress(snap_compare, make_app, clock, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=round_in_progress(clock))


def test_near_the_close_shows_who_has_not_shared(snap_compare, make_app, clock):
    async def run_before(pilot):
        await pilot.press("b", "p", "p", "r")
        clock.advance(60)
        await pilot.press("n", "s")  # Ana shared, Ben passed, Cara speaking
        for _ in range(5):
            await pilot.press("p")  # on to the last phase: the close
        clock.advance(30)
        await redraw(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_formats_screen(snap_compare, make_app, data_dir, size):
    make_app().session.close()
    folder = data_dir / "formats" / "starter-group"
    folder.mkdir(parents=True)
    (folder / "typo.toml").write_text(
        'name = "Typo"\nshare_minutes = 3\n\n[[phase]]\nname = "One"\nminutes = 5\n'
        "crostalk = false\n"
    )
    assert snap_compare(make_app(), terminal_size=size, press=["f"])
