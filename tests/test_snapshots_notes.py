"""SVG snapshots: note entry, notes list, review list, a summary.

Update with: make test PYTEST_ARGS=--snapshot-update (then look at the SVGs)."""

from __future__ import annotations

import pytest

from roomtui.ui.review import build_review_app
from tests.archive_helpers import DAY, scripted_meeting
from tests.pilots import SIZES, redraw, to_sharing


def note_entry(clock):
    async def run_before(pilot):
        await to_sharing(pilot)
        await pilot.press("a", *"Ana", "enter", "a", *"Ben", "enter", "n")
        clock.advance(65)
        await pilot.press("o", *"f: Cara asked about the [b]carers[/] leaflet")
        # a blinking cursor would make the picture depend on timing: hold it still
        pilot.app.screen.query_one("#note-input").cursor_blink = False
        pilot.app.screen.refresh_view()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", sorted(SIZES))
def test_note_entry_over_a_running_share(snap_compare, make_app, clock, size):
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=note_entry(clock))


def test_notes_list(snap_compare, make_app, clock):
    async def run_before(pilot):
        await pilot.press("o", *"t: sleep and routines", "enter")
        clock.advance(300)
        await pilot.press("b", "p", "o", *"r: crisis line number on the handout", "enter")
        await pilot.press("o", *"f: check in with D. next week", "enter", "O")
        await redraw(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)


@pytest.fixture
def archive_dir(data_dir, clock):
    for _ in range(4):
        scripted_meeting(data_dir, clock)
        clock.advance(7 * DAY)
    return data_dir


@pytest.mark.parametrize("size", sorted(SIZES))
def test_review_list(snap_compare, archive_dir, clock, size):
    app = build_review_app(archive_dir, clock)
    assert snap_compare(app, terminal_size=SIZES[size])


def test_review_search(snap_compare, archive_dir, clock):
    app = build_review_app(archive_dir, clock)
    async def run_before(pilot):
        await pilot.press("slash", *"leaflet")
        pilot.app.screen.query_one("#search").cursor_blink = False  # timing-free picture
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_review_summary(snap_compare, archive_dir, clock, size):
    app = build_review_app(archive_dir, clock)
    assert snap_compare(app, terminal_size=SIZES[size], press=["enter"])
