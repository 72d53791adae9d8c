"""Monthly milestones in the first year (30, 60, 90 days, 6 and 9 months), opt-in."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from roomtui.roster import add_months, check_milestone, first_year_steps, milestones_due
from tests.screen import screen_text


def person(start: dt.date, monthly: bool = True) -> dict:
    return {"name": "Ana", "role": "member",
            "milestone": check_milestone(start.isoformat(), "anniversary", start, monthly)}


def test_each_first_year_step_is_due_on_its_day_and_the_year_after_that():
    start = dt.date(2025, 8, 31)
    expected = [("30 days", dt.date(2025, 9, 30)), ("60 days", dt.date(2025, 10, 30)),
                ("90 days", dt.date(2025, 11, 29)), ("6 months", dt.date(2026, 2, 28)),
                ("9 months", dt.date(2026, 5, 31))]
    assert first_year_steps(start) == expected
    for label, on in expected:
        (due,) = milestones_due([person(start)], on)
        assert due.step == label and due.today and due.card() == f"Celebrating {label}, Ana"
    (year,) = milestones_due([person(start)], dt.date(2026, 8, 31))
    assert year.years == 1 and year.step == "" and year.card() == "Celebrating 1 year, Ana"


def test_without_the_option_only_the_year_counts():
    start = dt.date(2025, 8, 31)
    assert milestones_due([person(start, monthly=False)], dt.date(2025, 9, 30)) == []


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)),
       st.integers(0, 24))
def test_add_months_keeps_the_day_or_the_month_end(start, months):
    later = add_months(start, months)
    assert (later.year - start.year) * 12 + later.month - start.month == months
    assert later.day == start.day or later.day < start.day and (
        later + dt.timedelta(days=1)).day == 1


async def test_monthly_from_the_roster_by_keys_then_said_at_the_opening(make_app, clock):
    today = dt.date.fromtimestamp(clock())
    start = today - dt.timedelta(days=28)  # 30 days falls in two days
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("t", *f"{start.isoformat()} monthly", "enter")
        await pilot.pause()
        assert "and monthly in the first year" in screen_text(app)
        assert f"since {start.isoformat()} · monthly" in screen_text(app)
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        words = " ".join(screen_text(again).split())
        assert "This week (private): Ana: 30 days," in words
