"""room in Pilot: the breathing pacer in step with the facilitator's quiet screen, the
celebration card under the share timer (and without names when the group hides them),
big digits that grow with the screen."""

from __future__ import annotations

from roomtui.meeting.care import breath_at
from roomtui.storage import GroupBook, locations
from roomtui.ui.viewer import ROOM, build_viewer
from roomtui.ui.widgets.bigclock import ROWS, changed, placed, scale_for
from roomtui.views.room_view import CELEBRATING_HIDDEN
from tests.screen import screen_text, shows_big
from tests.views_helpers import GROUP, busy_session, shows, until


def hide_names(data_dir, session) -> None:
    GroupBook(locations.groups_file(data_dir)).update(
        session.group["id"], settings={"room_hide_names": True})


async def test_the_breathing_pacer_moves_in_step_with_the_facilitators_screen(data_dir, clock):
    session = busy_session(data_dir, clock)
    box = {"id": "breathing-box", "kind": "breathing-box", "text": "Breathe with the bar."}
    session.record(session.meeting.start_quiet(box, clock()))
    app = build_viewer(data_dir, GROUP, ROOM, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        text = await shows(pilot, app, "Box breathing")
        assert "Breathe in…  4" in text and "Ana" not in text
        bar_in = [line for line in text.splitlines() if "╌" in line or "━" in line]
        clock.advance(2)  # half way through breathing in: the bar has grown
        step = breath_at("breathing-box", 2)
        text = await shows(pilot, app, f"{step.word}…  {step.count}")
        bar_half = [line for line in text.splitlines() if "╌" in line or "━" in line]
        assert bar_half != bar_in and bar_half[0].count("━") > bar_in[0].count("━")
        clock.advance(3)  # into the hold
        await shows(pilot, app, "Hold…")
        session.record(session.meeting.end_quiet(clock()))
        text = await shows(pilot, app, "Sharing")
        assert "Hold…" not in text and app.screen._pacing is None  # the pacer stopped
    session.close()


async def test_the_celebration_card_shows_under_the_share_timer(data_dir, clock):
    session = busy_session(data_dir, clock)
    session.record(session.meeting.celebrate("Celebrating 1 year, Ana", clock()))
    app = build_viewer(data_dir, GROUP, ROOM, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await shows(pilot, app, "Celebrating 1 year, Ana")
        assert shows_big(text, "0:50") or "█" in text  # the timer is still there
        assert "one minute left" in text
        lines = text.splitlines()
        card = next(i for i, line in enumerate(lines) if "Celebrating" in line)
        digits = max(i for i, line in enumerate(lines) if "█" in line)
        assert card > digits  # under the timer, not instead of it
    session.close()


async def test_the_celebration_card_follows_room_hide_names(data_dir, clock):
    session = busy_session(data_dir, clock)
    hide_names(data_dir, session)
    session.record(session.meeting.celebrate("Celebrating 1 year, Ana", clock()))
    app = build_viewer(data_dir, GROUP, ROOM, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await shows(pilot, app, CELEBRATING_HIDDEN)
        assert "Ana" not in text and "1 year" not in text
        assert "one minute left" in text
    session.close()


async def test_big_digits_fill_a_large_room_terminal(data_dir, clock):
    session = busy_session(data_dir, clock)
    app = build_viewer(data_dir, GROUP, ROOM, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await shows(pilot, app, "one minute left")
        await until(pilot, lambda: "█" in screen_text(app))
        rows = [line for line in screen_text(app).splitlines() if "█" in line]
        wide = max(len(line.strip()) for line in rows)
        assert len(rows) >= 15 and wide >= 70  # about two-thirds of the screen, not 5 rows
        clock.advance(1)
        await until(pilot, lambda: shows_big(screen_text(app), "0:49") or
                    "0:49" not in screen_text(app))
    session.close()


def test_scale_grows_with_the_space_and_never_jumps_going_over_time():
    small, large = scale_for("2:30", 80, 14), scale_for("2:30", 160, 40)
    assert small < large
    assert scale_for("0:01", 120, 30) == scale_for("+0:01", 120, 30)
    lines = placed("2:30", 120, 30)
    assert len(lines) == 30 and all(len(line) == 120 for line in lines)
    assert sum("█" in line for line in lines) == ROWS * scale_for("2:30", 120, 30)


def test_a_second_repaints_only_the_figure_that_changed():
    before, after = placed("2:30", 120, 30), placed("2:29", 120, 30)
    boxes = changed(before, after)
    assert boxes and all(box.width < 120 // 3 for box in boxes)  # one figure of four
    assert sum(box.height for box in boxes) < ROWS * scale_for("2:29", 120, 30)  # 0->9: not all
    assert changed(after, after) == []
    wider = changed(placed("9:59", 120, 30), placed("10:00", 120, 30))
    assert max(box.width for box in wider) > 120 // 2  # every figure moved
