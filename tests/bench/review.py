"""Benchmarks of review (issue: notes, review and export): list and search at 10 and
1,000 meetings. A weekly group over twenty years has about 1,000 meetings; the goal is
that 1,000 cost at most 2x what 10 cost, which needs the index (one file) rather than
opening every meeting file.

``*_open_ms`` / ``*_search_ms`` are what a person waits for in ``roomtui review``
(app start to the list on screen; a query typed to the table redrawn). The query
matches one meeting in either library, so the figures compare the cost of the library's
size, not of drawing more results. ``*_core_ms`` are
the same steps without the screen (index read and filter only), shown for honesty:
there the 1,000-meeting index is simply a bigger file to parse.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from roomtui.records import archive
from roomtui.storage import locations
from roomtui.storage.atomic import atomic_write_bytes, dump_json, read_json

WEEK = 7 * 86_400


def _library(root: Path, count: int) -> None:
    """``count`` weekly meetings: one real scripted meeting copied, one index write."""
    from tests.archive_helpers import scripted_meeting
    from tests.conftest import FakeClock

    clock = FakeClock(1_200_000_000.0)
    state = scripted_meeting(root, clock)
    index = read_json(locations.index_file(root))
    (row,) = index["meetings"].values()
    source = locations.meeting_file(root, state.id)
    rows = {}
    for i in range(count):
        mid = f"bench-{i:05d}"
        shutil.copyfile(source, locations.meeting_file(root, mid))
        notes = [dict(n, text=f"{n['text']} week-{i:05d}") for n in row["notes"]]
        rows[str(i + 1)] = {**row, "id": mid, "started_at": row["started_at"] + i * WEEK,
                            "ended_at": row["ended_at"] + i * WEEK, "notes": notes}
    source.unlink()
    atomic_write_bytes(locations.index_file(root), dump_json({"meetings": rows}))


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


async def _ui_once(root: Path, query: str) -> tuple[float, float]:
    from roomtui.ui.review import ReviewScreen, build_review_app

    started = time.perf_counter()
    app = build_review_app(root)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.shown
        started = time.perf_counter()
        screen.filter(query)
        await pilot.pause()
        searched = time.perf_counter() - started
    return opened, searched


def review_list_search(runs: int = 9) -> dict[str, float]:
    """List and search at 10 and 1,000 meetings: screen and core, with the ratios."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        roots = {}
        for count in (10, 1000):
            root = roots[count] = locations.data_dir(Path(tmp) / f"data{count}")
            _library(root, count)
            listings = archive.list_meetings(root)
            assert len(listings) == count and not any(i.damaged for i in listings)
            out[f"review_list_core_ms_{count}"] = _median_ms(
                lambda root=root: archive.list_meetings(root), runs * 3)
            out[f"review_search_core_ms_{count}"] = _median_ms(
                lambda listings=listings: archive.search(listings, "leaflet week-00007"), runs * 3)
        times: dict[int, list[tuple[float, float]]] = {10: [], 1000: []}
        for i in range(runs):  # interleaved so drift in machine load hits both alike
            for count in (10, 1000):
                times[count].append(asyncio.run(_ui_once(roots[count], f"leaflet week-{i:05d}")))
        for count, pairs in times.items():
            out[f"review_open_ms_{count}"] = statistics.median(p[0] for p in pairs) * 1000
            out[f"review_search_ms_{count}"] = statistics.median(p[1] for p in pairs) * 1000
    for what in ("open", "search", "list_core", "search_core"):
        out[f"review_{what}_ratio_1000_vs_10"] = (
            out[f"review_{what}_ms_1000"] / out[f"review_{what}_ms_10"])
    return out
