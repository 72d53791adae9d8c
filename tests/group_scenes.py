"""Scenes for the group screens, shared by the snapshot tests and ``make screenshots``."""

from __future__ import annotations

import datetime as dt


async def group_list(pilot, clock):
    await pilot.press("l", "n", *"Carers' circle", "enter", "enter")
    await pilot.press("n", *"Tuesday [b]evening[/]", "enter", "enter")
    await pilot.pause()


async def roster_editor(pilot, clock):
    today = dt.date.fromtimestamp(clock())
    await pilot.press("R", "a", *"Ana B.", "enter")
    await pilot.press("home", "t", *today.replace(year=today.year - 2).isoformat(), "enter")
    await pilot.press("down", "r", "r", "m", *"Ana", "enter")
    await pilot.press("down", "t", *"1990-12-01 birthday", "enter")
    await pilot.press("a", *"ana", "enter")  # a duplicate: the message says how to tell apart
    await pilot.pause()


async def attendance(pilot, clock):
    await pilot.press("w", "1", "2", "4", "5", "a", *"Zoë", "enter", "enter")
    clock.advance(540)
    await pilot.press("w", "3")  # Cara arrives late
    clock.advance(1800)
    await pilot.press("4")  # Dev leaves early
    await pilot.pause()


async def celebrate_card(pilot, clock):
    today = dt.date.fromtimestamp(clock())
    await pilot.press("R", "t", *today.replace(year=today.year - 1).isoformat(), "enter",
                      "escape")
    await pilot.press("C", "1")
    await pilot.pause()


async def celebrate_chooser(pilot, clock):
    today = dt.date.fromtimestamp(clock())
    await pilot.press("R", "t", *today.replace(year=today.year - 1).isoformat(), "enter")
    soon = (today + dt.timedelta(days=3)).replace(year=1980).isoformat()
    await pilot.press("down", "down", "t", *f"{soon} birthday", "enter", "escape")
    await pilot.press("C")
    await pilot.pause()


SCENES = {
    "group-list": group_list,
    "roster-editor": roster_editor,
    "attendance": attendance,
    "celebrate-choose": celebrate_chooser,
    "celebrate-card": celebrate_card,
}
