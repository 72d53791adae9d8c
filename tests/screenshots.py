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
from tests.conftest import FakeClock  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "screenshots"


async def live_busy(pilot, clock):
    for _ in range(3):
        await pilot.press("p")
    for name in ("Ana", "Ben", "Femi"):
        await pilot.press("a", *name, "enter")
    await pilot.press("n")
    clock.advance(95)
    await pilot.press("a", *"Cara", "enter")
    await pilot.press("d", *"Dev", "enter")


async def overtime(pilot, clock):
    for _ in range(3):
        await pilot.press("p")
    await pilot.press("a", *"Ana", "enter", "n")
    clock.advance(200)


async def wrap_up(pilot, clock):
    for _ in range(3):
        await pilot.press("p")
    await pilot.press("a", *"Ben", "enter", "n")
    clock.advance(140)


async def help_screen(pilot, clock):
    await pilot.press("question_mark")


#: name -> (scene, terminal size)
SCENES = {
    "live": (live_busy, (120, 40)),
    "live-80x24": (live_busy, (80, 24)),
    "share-wrap-up": (wrap_up, (100, 30)),
    "share-overtime": (overtime, (100, 30)),
    "help": (help_screen, (100, 32)),
}


async def shoot(name: str, scene, size) -> Path:
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp), clock=clock)
        async with app.run_test(size=size) as pilot:
            await scene(pilot, clock)
            await pilot.pause(1.2)
            svg = app.export_screenshot(title=f"roomtui — {name}")
    path = OUT / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


def main(names: list[str]) -> int:
    OUT.mkdir(exist_ok=True)
    for name in names or list(SCENES):
        scene, size = SCENES[name]
        print(asyncio.run(shoot(name, scene, size)).relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
