"""Make the SVG screenshots in screenshots/ from the real app: ``make screenshots``.

Each scene drives the app by its documented keys on a throwaway data folder with a
fixed clock, so the pictures change only when the screens do.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["TZ"] = "UTC"
time.tzset()

from roomtui.ui.app import build_app  # noqa: E402
from tests import group_scenes, pilots  # noqa: E402
from tests.care_scenes import CARE_SCENES  # noqa: E402
from tests.conftest import FakeClock  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "screenshots"


async def live_busy(pilot, clock):
    await pilots.live_busy(pilot, clock, third="Femi")


async def overtime(pilot, clock):
    await pilots.to_sharing(pilot)
    await pilot.press("a", *"Ana", "enter", "n")
    clock.advance(200)


async def wrap_up(pilot, clock):
    await pilots.to_sharing(pilot)
    await pilot.press("a", *"Ben", "enter", "n")
    clock.advance(140)


async def help_screen(pilot, clock):
    await pilot.press("question_mark")


async def note_entry(pilot, clock):
    await live_busy(pilot, clock)
    await pilot.press("o", *"f: Cara asked about the carers leaflet")


async def notes_list(pilot, clock):
    await pilot.press("o", *"t: sleep and routines", "enter")
    clock.advance(300)
    await pilot.press("b", "p", "o", *"r: crisis line number on the handout", "enter")
    await pilot.press("o", *"f: check in with D. next week", "enter", "O")


def review_app(root, clock):
    """The review app on four past meetings (made through the real session)."""
    from roomtui.ui.review import build_review_app
    from tests.archive_helpers import scripted_meetings

    scripted_meetings(root, clock, 4, days_apart=7)
    return build_review_app(root, clock)


async def review_list(pilot, clock):
    await pilot.pause()


async def review_summary(pilot, clock):
    await pilot.press("enter")


review_list.make_app = review_app
review_summary.make_app = review_app


def trends_app(root, clock):
    """The review app on the report tests' meetings (issue 17): three held, one open."""
    from roomtui.ui.review import build_review_app
    from tests.report_scenes import four_meetings

    four_meetings(root, clock)
    return build_review_app(root, clock)


async def trends_scene(pilot, clock):
    await pilot.press("t")


trends_scene.make_app = trends_app

async def round_scene(pilot, clock):
    await pilot.press("b", "p", "p", "r")
    clock.advance(40)
    await pilot.press("n", "s")
    clock.advance(25)


async def formats_scene(pilot, clock):
    await pilot.press("f")


async def not_started(pilot, clock):
    """A fresh meeting: set up at ease, no clock runs until b."""


async def add_prompt_list(pilot, clock):
    await pilot.press("a", "tab")  # the people who are not waiting, by seat number


async def phase_question(pilot, clock):
    await pilot.press("b", "a", *"Ana", "enter", "a", *"Ben", "enter", "n")
    clock.advance(70)
    await pilot.press("p")  # Ben is still waiting: keep him, or clear the queue?


#: name -> (scene, terminal size)
SCENES = {
    "live": (live_busy, (120, 40)),
    "live-80x24": (live_busy, (80, 24)),
    "share-wrap-up": (wrap_up, (100, 30)),
    "share-overtime": (overtime, (100, 30)),
    "help": (help_screen, (100, 32)),
    "note-entry": (note_entry, (100, 30)),
    "notes-list": (notes_list, (100, 30)),
    "review": (review_list, (100, 30)),
    "review-summary": (review_summary, (100, 44)),
    "trends": (trends_scene, (80, 24)),
    "round": (round_scene, (100, 30)),
    "formats": (formats_scene, (100, 32)),
    "not-started-80x24": (not_started, (80, 24)),
    "add-prompt-80x24": (add_prompt_list, (80, 24)),
    "phase-question-80x24": (phase_question, (80, 24)),
    "groups": (group_scenes.group_list, (100, 30)),
    "roster": (group_scenes.roster_editor, (100, 30)),
    "attendance": (group_scenes.attendance, (100, 30)),
    "attendance-80x24": (group_scenes.attendance, (80, 24)),
    "celebrate": (group_scenes.celebrate_chooser, (100, 30)),
    "celebrate-card": (group_scenes.celebrate_card, (100, 30)),
    **{name: (scene, (100, 30)) for name, scene in CARE_SCENES.items()},
}


async def shoot(name: str, scene, size) -> Path:
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as tmp:
        make = getattr(scene, "make_app", None)
        app = make(Path(tmp), clock) if make else build_app(Path(tmp), clock=clock)
        async with app.run_test(size=size) as pilot:
            await scene(pilot, clock)
            await pilots.redraw(pilot)
            svg = app.export_screenshot(title=f"roomtui — {name}")
    path = OUT / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


#: The read-only views (issue 6), following a busy meeting: name -> (mode, terminal size)
VIEW_SCENES = {
    "watch": ("watch", (100, 30)),
    "room": ("room", (120, 36)),
    "room-80x24": ("room", (80, 24)),
}


async def shoot_view(name: str, mode: str, size) -> Path:
    from roomtui.ui.viewer import build_viewer
    from tests.views_helpers import GROUP, busy_session

    clock = FakeClock()
    with tempfile.TemporaryDirectory() as tmp:
        session = busy_session(Path(tmp), clock)
        try:
            app = build_viewer(Path(tmp), GROUP, mode, clock=clock)
            async with app.run_test(size=size) as pilot:
                await pilots.redraw(pilot)
                svg = app.export_screenshot(title=f"roomtui — {name}")
        finally:
            session.close()
    path = OUT / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


def main(names: list[str]) -> int:
    OUT.mkdir(exist_ok=True)
    for name in names or list(SCENES) + list(VIEW_SCENES):
        if name in VIEW_SCENES:
            path = asyncio.run(shoot_view(name, *VIEW_SCENES[name]))
        else:
            scene, size = SCENES[name]
            path = asyncio.run(shoot(name, scene, size))
        print(path.relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
