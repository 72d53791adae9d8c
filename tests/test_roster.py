"""Roster and group checks, milestones and newcomers: pure functions, any date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roomtui.roster import (
    RosterRefused,
    check_group_name,
    check_milestone,
    check_name,
    milestones_due,
    newcomers,
    next_role,
)

TODAY = dt.date(2026, 11, 26)  # a Thursday


def test_duplicate_first_names_get_a_way_to_tell_them_apart():
    roster = [{"name": "Ana"}]
    with pytest.raises(RosterRefused, match="already called Ana.*“ana B.” or “ana 2”"):
        check_name("ana", roster)
    assert check_name("Ana B.", roster) == "Ana B."
    assert check_name("Ana", roster, skip=0) == "Ana"  # renaming Ana to herself


@pytest.mark.parametrize("raw, message", [
    ("", "cannot be empty"), ("   ", "cannot be empty"), ("\x1b[31m", "cannot be empty"),
    ("x" * 10_000, "at most 80"),
])
def test_bad_names_say_why(raw, message):
    with pytest.raises(RosterRefused, match=message):
        check_name(raw, [])


def test_markup_and_right_to_left_names_are_kept_literally():
    assert check_name("[bold]x[/]", []) == "[bold]x[/]"
    assert check_name("נועה", []) == "נועה"


def test_group_names_empty_or_taken_are_refused_clearly():
    groups = [{"id": "tue", "name": "Tuesday circle"}]
    with pytest.raises(RosterRefused, match="already a group called “Tuesday circle”"):
        check_group_name("  tuesday   CIRCLE ", groups)
    with pytest.raises(RosterRefused, match="needs a name"):
        check_group_name("  ", groups)
    assert check_group_name("Tuesday circle", groups, skip_id="tue") == "Tuesday circle"


@pytest.mark.parametrize("raw, message", [
    ("2025-02-30", "not a date that exists"), ("yesterday", "not a date that exists"),
    ("2026-11-27", "in the future"), ("2030-01-01", "in the future"),
])
def test_impossible_or_future_milestone_dates_are_refused(raw, message):
    with pytest.raises(RosterRefused, match=message):
        check_milestone(raw, "anniversary", TODAY)


def test_milestones_today_and_this_week_soonest_first_never_next_week():
    roster = [
        {"name": "Ana", "milestone": {"date": "2025-11-26", "kind": "anniversary"}},
        {"name": "Ben", "milestone": {"date": "1990-11-29", "kind": "birthday"}},
        {"name": "Cara", "milestone": {"date": "2020-12-03", "kind": "anniversary"}},
        {"name": "Dev", "milestone": {"date": "2026-11-26", "kind": "anniversary"}},  # today: 0
        {"name": "Eli"},
        {"name": "Femi", "milestone": {"date": "not a date"}},
    ]
    due = milestones_due(roster, TODAY)
    assert [(d.name, d.days, d.years) for d in due] == [("Ana", 0, 1), ("Ben", 3, 36)]
    assert due[0].card() == "Celebrating 1 year, Ana"
    assert due[1].card() == "Happy birthday, Ben"  # no age on the room's card
    assert due[0].private_line() == "Ana: 1 year, today"


def test_a_29_february_anniversary_falls_on_the_28th_in_a_common_year():
    roster = [{"name": "Ana", "milestone": {"date": "2024-02-29"}}]
    due = milestones_due(roster, dt.date(2027, 2, 25))
    assert [(d.on, d.years) for d in due] == [(dt.date(2027, 2, 28), 3)]


def test_across_the_new_year():
    roster = [{"name": "Ana", "milestone": {"date": "2020-01-02"}}]
    assert [d.years for d in milestones_due(roster, dt.date(2026, 12, 30))] == [7]


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)),
       st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_a_milestone_is_due_within_the_week_at_most_once(born, today):
    due = milestones_due([{"name": "A", "milestone": {"date": born.isoformat()}}], today)
    assert len(due) <= 1
    for d in due:
        assert 0 <= (d.on - today).days < 7 and d.years >= 1
        assert (d.on.month, d.on.day) in ((born.month, born.day), (2, 28))


def test_newcomers_are_those_at_no_earlier_meeting():
    assert newcomers(["Ana", "Zoë", "ben"], [["Ana"], ["Ben", "Cara"]]) == ["Zoë"]


def test_roles_go_round():
    assert next_role("member") == "guest" and next_role("guest") == "facilitator"
