"""Benchmarks of the meeting core and the live screen (issue: meeting core)."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _child(kind: str, data: str) -> tuple[float, int]:
    env = {**os.environ, "ROOMTUI_DATA_DIR": data, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.ready_child", kind, data],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    proc.wait(timeout=30)
    if not line.startswith("READY"):
        raise RuntimeError(f"{kind} did not get ready")
    return elapsed, int(line.split()[1])


PAST_MEETINGS = 500
WEEK = 7 * 86_400


def past_meetings(data: str, count: int = PAST_MEETINGS) -> None:
    """``count`` ended weekly meetings made the way the app makes them: each one opened,
    a few turns recorded, ended, its index row written (index + one file per meeting)."""
    from roomtui.session import open_session

    now = [time.time() - count * WEEK]
    clock = lambda: now[0]  # noqa: E731
    for i in range(count):
        session = open_session(Path(data), None, new=True, clock=clock)
        try:
            meeting = session.meeting
            for name in ("Ana", "Ben", "Cara", f"Guest {i % 30}"):
                session.record(meeting.queue(name, clock()))
            for _ in range(4):
                now[0] += 150
                session.record(meeting.next(clock()))
            now[0] += 150
            session.record(meeting.end(clock()))
        finally:
            session.close()
        now[0] += WEEK - 750


def _ready(data: str, runs: int) -> dict[str, float]:
    _child("roomtui", data)  # first run makes the starter group (or resumes); not timed
    bare, ours, bare_rss, our_rss = [], [], [], []
    for _ in range(runs):  # interleaved so drift in machine load hits both alike
        t, rss = _child("bare", data)
        bare.append(t)
        bare_rss.append(rss)
        t, rss = _child("roomtui", data)
        ours.append(t)
        our_rss.append(rss)
    b, o = statistics.median(bare), statistics.median(ours)
    br, orr = statistics.median(bare_rss), statistics.median(our_rss)
    return {"bare_ms": b * 1000, "roomtui_ms": o * 1000, "ratio": o / b,
            "rss_bare_mb": br / 1024, "rss_roomtui_mb": orr / 1024, "rss_ratio": orr / br}


def ready_on_screen(runs: int = 9) -> dict[str, float]:
    """Process start to first frame, and RSS then, against a bare Textual app (medians):
    with an empty data folder, and with 500 past meetings (the goal: at most 1.3x)."""
    out = {}
    with tempfile.TemporaryDirectory() as data:
        empty = _ready(data, runs)
    with tempfile.TemporaryDirectory() as data:
        past_meetings(data)
        full = _ready(data, runs)
    for key, value in empty.items():
        out[f"ready_{key}" if not key.startswith("rss") else key] = value
    for key, value in full.items():
        out[f"ready500_{key}" if not key.startswith("rss") else f"{key}_500"] = value
    return out


def _prefill(app, events: int) -> None:
    """Grow the open meeting's log to about ``events`` events, as a long meeting would."""
    session = app.session
    meeting = session.meeting
    i = 0
    while len(meeting.events) < events:
        session.record(meeting.queue(f"Person {i % 40}", session.now()))
        session.record(meeting.next(session.now()))
        i += 1


async def _latency(events: int, presses: int) -> tuple[list[float], list[float]]:
    """Two measures of the same action (space: pause / resume, one durable event each).

    ``pilot``: Pilot's press and pause, as before; it includes Pilot's own waiting (it
    lets the message queues drain, a fixed cost that swamps the app's own work).
    ``in_app``: from the key's action starting to the end of the next screen update
    (``call_after_refresh`` fires once the compositor has drawn the change): decide,
    fsync, fold in, redraw, what a person waits for after the key reaches the app.
    """
    from roomtui.ui.app import build_app

    with tempfile.TemporaryDirectory() as data:
        app = build_app(data)
        _prefill(app, events)
        pilot_times, app_times = [], []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(presses):
                started = time.perf_counter()
                await pilot.press("space")
                await pilot.pause()  # until drawn
                pilot_times.append(time.perf_counter() - started)
            screen = app.screen
            for _ in range(presses):
                drawn = asyncio.Event()
                started = time.perf_counter()
                await screen.run_action("pause")
                screen.call_after_refresh(drawn.set)
                await drawn.wait()
                app_times.append(time.perf_counter() - started)
                await pilot.pause()
    return pilot_times, app_times


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def action_latency(presses: int = 120) -> dict[str, float]:
    """p95 time for a key's action to be on disk (fsync) and drawn, at 10 and 2,000 events."""
    out = {}
    small = asyncio.run(_latency(10, presses))
    large = asyncio.run(_latency(2000, presses))
    for label, few, many in (("pilot", small[0], large[0]), ("in_app", small[1], large[1])):
        p_small, p_large = _p95(few) * 1000, _p95(many) * 1000
        prefix = "action_p95" if label == "pilot" else "action_in_app_p95"
        out[f"{prefix}_ms_10_events"] = p_small
        out[f"{prefix}_ms_2000_events"] = p_large
        out[f"{prefix}_ratio_2000_vs_10"] = p_large / p_small
    return out
