"""SVG snapshots of the facilitator's flow at 80x24: not started, the phase question, a
round's end, a long top line, help at its end. Update one with --snapshot-update on it,
then look at the SVG."""

from __future__ import annotations

from tests.pilots import redraw
from tests.test_flow_pilot import long_phase_app
from tests.views_helpers import until

SMALL = (80, 24)


def test_not_started(snap_compare, make_app, clock):
    async def run_before(pilot):
        await pilot.press("a", *"Ana", "enter")
        clock.advance(150)  # set-up time: no clock moves
        await redraw(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_phase_change_question(snap_compare, make_app, clock):
    async def run_before(pilot):
        await pilot.press("b", "p", "p", "p")  # Sharing
        for name in ("Ana", "Ben", "Cara"):
            await pilot.press("a", *name, "enter")
        await pilot.press("n")
        clock.advance(70)
        await pilot.press("p")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "PhaseQuestion")

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_round_complete(snap_compare, make_app, clock):
    async def run_before(pilot):
        await pilot.press("b", "p", "p", "r")  # the check-in round: six people
        for _ in range(6):
            clock.advance(30)
            await pilot.press("n")
        await redraw(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_top_line_long_phase_and_wide_group_name(snap_compare, make_app, data_dir, clock):
    app = long_phase_app(make_app, data_dir)

    async def run_before(pilot):
        await pilot.press("b")
        clock.advance(125)
        await redraw(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_help_scrolled_to_its_end(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SMALL, press=["question_mark", "end"])
