"""The review's Trends view: the figures behind the charts, the keys, and snapshots."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roomtui.records import trends
from roomtui.storage import GroupBook, locations
from roomtui.ui.review import build_review_app
from roomtui.ui.screens.trends import TrendsScreen
from tests.pilots import SIZES, screen_after
from tests.report_scenes import ANA, BEN, GROUP, four_meetings
from tests.screen import screen_text


@pytest.fixture
def scenes(data_dir, clock):
    four_meetings(data_dir, clock)
    return data_dir


@pytest.mark.parametrize("seconds, share", [
    ([60, 60, 60, 60, 60], 0.2),  # even
    ([300, 0, 0, 0, 0, 0, 0, 0, 0, 0], 1.0),  # one voice, nine silent
    ([120, 60], 2 / 3),  # two people: the busiest one is the top fifth
    ([0, 0], None),  # nobody talked
    ([], None),
])
def test_busiest_fifth(seconds, share):
    got = trends.busiest_fifth(seconds)
    assert got == share if share is None else math.isclose(got, share)


@given(st.lists(st.floats(0, 10_000), min_size=1, max_size=40))
def test_busiest_fifth_is_between_an_even_share_and_all(seconds):
    got = trends.busiest_fifth(seconds)
    if sum(seconds) <= 0:
        assert got is None
        return
    top = max(1, math.ceil(len(seconds) * 0.2))
    assert top / len(seconds) - 1e-9 <= got <= 1 + 1e-9


@given(st.floats(0, 500), st.floats(0.1, 500), st.integers(1, 80))
def test_bars_never_pass_their_width(value, most, width):
    bar = trends.blocks(value, most, width)
    assert len(bar) <= width
    assert (bar == "") == (value <= 0)


def test_length_line_marks_the_plan():
    p = trends.Point("2026-11-25", "Wed", 4, 2, minutes=100, planned=80, air=None)
    bar, figure = trends.length_line(p, most=100, width=50)
    assert bar.index("┃") == 40 and bar.count("█") == 49
    assert figure == "100 of 80 min (+20)"


def test_the_scripted_group_as_points(scenes):
    data = trends.group_trends(scenes, None, GROUP)  # by name, as for a deleted group
    points = data.points
    assert [(p.date, p.attended, p.newcomers, p.minutes, p.planned) for p in points] == [
        ("2026-11-18", 3, 0, 60, 90), ("2026-11-25", 4, 2, 90, 90),
        ("2026-12-15", 2, 0, 75, 90)]
    # meeting 1: Ana 2 min, Ben a pass, Cara 2 min of three there; meeting 3: nobody spoke
    assert [p.air for p in points] == [pytest.approx(0.5), pytest.approx(0.6), None]
    people = {p.name: (p.seconds, p.meetings, p.spoke) for p in trends.talk_by_person(
        data.meetings)}
    assert people[ANA] == (240, 3, 2) and people[BEN] == (0, 2, 0)


async def test_t_opens_the_charts_and_p_turns_per_person_off(scenes, clock):
    app = build_review_app(scenes, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)
        text = screen_text(app)
        assert f"Trends · {GROUP}  (private)" in text and "3 meetings." in text
        lines = text.splitlines()
        new = next(line for line in lines if "2026-11-25 Wed" in line)
        assert "░" in new and new.rstrip().endswith("4 (2 new)")  # not colour alone
        assert "░" not in next(line for line in lines if "2026-11-18 Wed" in line)
        text = await screen_after(pilot, "2")
        assert "60 of 90 min (-30)" in text and "┃" in text
        text = await screen_after(pilot, "3")
        assert "busiest fifth" in text and "60%" in text and "nobody talked" in text
        text = await screen_after(pilot, "4")
        assert "ZqAna [bold]x" in text and "4:00  spoke at 2 of 3" in text
        text = await screen_after(pilot, "p")
        assert "Zq" not in text and "Turned off for this group" in text
        group = GroupBook(locations.groups_file(scenes), readonly=True).find(GROUP)
        assert group["settings"][trends.PEOPLE_SETTING] is False
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrendsScreen)
        await pilot.press("t", "4")  # the setting holds when the view opens again
        await pilot.pause()
        assert "Turned off for this group" in screen_text(app)
        assert "ZqAna" in await screen_after(pilot, "p")


async def test_no_meetings_yet_says_so(data_dir, clock):
    from roomtui.session import open_session

    open_session(data_dir, GROUP, clock=clock).close()  # a group, a meeting never held
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "No ended meetings of this group yet." in await screen_after(pilot, "t")


@pytest.mark.parametrize("size, tab", [("80x24", "1"), ("120x40", "1"), ("80x24", "2"),
                                       ("120x40", "3")])
def test_trends_snapshot(snap_compare, scenes, clock, size, tab):
    app = build_review_app(scenes, clock)
    assert snap_compare(app, terminal_size=SIZES[size], press=["t", tab])


def test_trends_snapshot_with_colour_off(snap_compare, scenes, clock, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_review_app(scenes, clock)
    assert app.no_color
    assert snap_compare(app, terminal_size=SIZES["80x24"], press=["t", "1"])


async def test_a_long_chart_scrolls_by_keyboard(data_dir, clock):
    from tests.report_scenes import Script, at

    crowd = [f"Person {i:02d}" for i in range(30)]
    s = Script(data_dir, clock, at(0, 18))
    s("take_attendance", crowd, [])
    s("start_round", minutes=1)
    for _ in crowd:
        s("next", minutes=1)
    s.close()
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "4")
        await pilot.pause()
        assert "Person 00" in screen_text(app) and "Person 29" not in screen_text(app)
        assert "Person 29" in await screen_after(pilot, "end")


async def test_a_hostile_group_name_shows_literally(data_dir, clock):
    from roomtui.session import open_session

    name = "[b]Grief[/b] 🙂 \u202eright"
    s = open_session(data_dir, name, clock=clock)
    s.record(s.meeting.queue("Ana", clock()))
    s.record(s.meeting.next(clock()))
    clock.advance(600)
    s.record(s.meeting.end(clock()))
    s.close()
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await screen_after(pilot, "t")
        assert "Trends · [b]Grief[/b] 🙂 right  (private)" in text
        assert "1 meeting." in text


async def test_t_with_no_group_yet_says_so(data_dir, clock):
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert not isinstance(app.screen, TrendsScreen)
        assert "No group yet" in screen_text(app)


async def test_keys_pressed_fast_never_crash(scenes, clock):
    app = build_review_app(scenes, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "escape", "escape", "t", "4", "p", "p", "3", "q", "t", "q")
        await pilot.pause()
        assert app.return_code is None and not isinstance(app.screen, TrendsScreen)


async def test_a_damaged_groups_file_hides_per_person_and_is_left_alone(scenes, clock):
    path = locations.groups_file(scenes)
    app = build_review_app(scenes, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        path.write_text("{torn")
        await pilot.press("4")
        await pilot.pause()
        app.screen.redraw()
        await pilot.pause()
        assert "Zq" not in screen_text(app)
        assert "The groups file cannot be read" in await screen_after(pilot, "p")
    assert path.read_text() == "{torn"


async def test_a_damaged_index_is_said_not_crashed(scenes, clock):
    app = build_review_app(scenes, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        locations.index_file(scenes).write_text("{torn")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrendsScreen)  # the index is rebuilt: no crash
        assert "3 meetings" in screen_text(app)
