"""Scenes for agreements, reminders, quiet mode and the care pause (snapshots + screenshots).

Each scene drives the app by its documented keys; a few people are in the queue first,
so a snapshot would show it if a name ever leaked onto a calm screen.
"""

from __future__ import annotations


async def _people(pilot, clock) -> None:
    for name in ("Ana", "Ben", "Cara"):
        await pilot.press("a", *name, "enter")
    await pilot.press("n")
    clock.advance(65)


async def read_aloud(pilot, clock):
    await pilot.press("g", "right")


async def read_aloud_all(pilot, clock):
    await pilot.press("g", "v")


async def reminder_card(pilot, clock):
    await _people(pilot, clock)
    await pilot.press("c", "down", "enter")


def quiet(index: int, timer: bool = False, wait: float = 0):
    async def scene(pilot, clock):
        await _people(pilot, clock)
        await pilot.press("m", "home", *["down"] * index, *(["t"] if timer else []), "enter")
        clock.advance(wait)

    scene.__name__ = f"quiet_{index}"
    return scene


async def care_pause(pilot, clock):
    await _people(pilot, clock)
    await pilot.press("exclamation_mark")
    clock.advance(120)


#: name -> scene; the quiet scenes in the order of the default prompt library.
CARE_SCENES = {
    "agreements-read-aloud": read_aloud,
    "agreements-all": read_aloud_all,
    "reminder-card": reminder_card,
    "quiet-silence": quiet(0, timer=True, wait=20),
    "quiet-breathing-box": quiet(1, wait=2),
    "quiet-breathing-478": quiet(2, wait=6),
    "quiet-grounding": quiet(3),
    "quiet-reflection": quiet(4),
    "care-pause": care_pause,
}
