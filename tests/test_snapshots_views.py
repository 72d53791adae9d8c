"""SVG snapshots of watch and room. Update with: make test PYTEST_ARGS=--snapshot-update"""

from __future__ import annotations

import pytest

from roomtui.ui.viewer import ROOM, WATCH, build_viewer
from tests.pilots import redraw
from tests.views_helpers import GROUP, busy_session

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}


async def settle(pilot) -> None:
    await redraw(pilot)


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("mode", [WATCH, ROOM])
def test_busy_meeting(snap_compare, data_dir, clock, mode, size):
    session = busy_session(data_dir, clock)
    try:
        app = build_viewer(data_dir, GROUP, mode, clock=clock)
        assert snap_compare(app, terminal_size=SIZES[size], run_before=settle)
    finally:
        session.close()


@pytest.mark.parametrize("mode", [WATCH, ROOM])
def test_waiting_for_a_meeting(snap_compare, data_dir, clock, mode):
    data_dir.mkdir(parents=True)
    app = build_viewer(data_dir, GROUP, mode, clock=clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_browser_view_follows_the_group_by_id(snap_compare, data_dir, clock):
    """serve checked the PIN already: the view opens on the meeting, without the
    raised-hand key, and follows the group by id (its name here is not the group's)."""
    session = busy_session(data_dir, clock)
    gid = session.group["id"]
    session.close()
    app = build_viewer(data_dir, "Some other name", WATCH, clock=clock, browser=True,
                       group_id=gid)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def _breathing(session, clock) -> None:
    box = {"id": "breathing-box", "kind": "breathing-box", "text": "Breathe with the bar."}
    session.record(session.meeting.start_quiet(box, clock()))
    clock.advance(2)  # half way through breathing in


def _celebration_hidden(session, clock) -> None:
    from roomtui.storage import GroupBook, locations

    GroupBook(locations.groups_file(session.root)).update(
        session.group["id"], settings={"room_hide_names": True})
    session.record(session.meeting.celebrate("Celebrating 1 year, Ana", clock()))


def _reminder(session, clock) -> None:
    session.record(session.meeting.show_reminder("One voice at a time", clock()))


SCENES = {"breathing": _breathing, "celebration-hidden": _celebration_hidden,
          "reminder": _reminder}


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("scene", sorted(SCENES))
@pytest.mark.parametrize("mode", [WATCH, ROOM])
def test_what_the_room_is_shown(snap_compare, data_dir, clock, mode, scene, size):
    session = busy_session(data_dir, clock)
    try:
        SCENES[scene](session, clock)
        app = build_viewer(data_dir, GROUP, mode, clock=clock)
        assert snap_compare(app, terminal_size=SIZES[size], run_before=settle)
    finally:
        session.close()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_watch_with_a_raised_hand_answered(snap_compare, data_dir, clock, size):
    session = busy_session(data_dir, clock)

    async def raise_and_accept(pilot) -> None:
        from tests.views_helpers import shows

        await pilot.press("h", *"Femi", "enter")
        hands, _ = session.raised_hands()
        session.accept_hand(hands[0])
        await shows(pilot, pilot.app, "Femi: ✓ accepted")

    try:
        app = build_viewer(data_dir, GROUP, WATCH, clock=clock)
        assert snap_compare(app, terminal_size=SIZES[size], run_before=raise_and_accept)
    finally:
        session.close()
