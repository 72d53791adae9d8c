"""The first year's monthly milestones (30, 60, 90 days, 6 and 9 months), as recovery
groups mark them: an opt-in per person, on top of the yearly anniversary. Pure: today's
date is passed in. No Textual, no files."""

from __future__ import annotations

import calendar
import datetime as dt

#: (label, how to find the day from the start date)
STEPS: tuple[tuple[str, int, int], ...] = (
    ("30 days", 30, 0),
    ("60 days", 60, 0),
    ("90 days", 90, 0),
    ("6 months", 0, 6),
    ("9 months", 0, 9),
)


def add_months(when: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day."""
    month0 = when.month - 1 + months
    year, month = when.year + month0 // 12, month0 % 12 + 1
    return when.replace(year=year, month=month,
                        day=min(when.day, calendar.monthrange(year, month)[1]))


def first_year_steps(start: dt.date) -> list[tuple[str, dt.date]]:
    """Every monthly milestone of the first year after ``start``, in order."""
    return [(label, start + dt.timedelta(days=days) if days else add_months(start, months))
            for label, days, months in STEPS]


def step_due(start: dt.date, today: dt.date, days: int) -> tuple[str, dt.date, int] | None:
    """The first-year milestone falling today or within ``days - 1`` days, if any:
    (label, day, days from today)."""
    for label, on in first_year_steps(start):
        gap = (on - today).days
        if 0 <= gap < days:
            return label, on, gap
    return None
