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


def ready_on_screen(runs: int = 9) -> dict[str, float]:
    """Process start to first frame, and RSS then, against a bare Textual app (medians)."""
    with tempfile.TemporaryDirectory() as data:
        _child("roomtui", data)  # first run makes the starter group; not timed
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
    return {
        "ready_bare_ms": b * 1000,
        "ready_roomtui_ms": o * 1000,
        "ready_ratio": o / b,
        "rss_bare_mb": br / 1024,
        "rss_roomtui_mb": orr / 1024,
        "rss_ratio": orr / br,
    }


def _prefill(app, events: int) -> None:
    """Grow the open meeting's log to about ``events`` events, as a long meeting would."""
    session = app.session
    meeting = session.meeting
    i = 0
    while len(meeting.events) < events:
        session.record(meeting.queue(f"Person {i % 40}", session.now()))
        session.record(meeting.next(session.now()))
        i += 1


async def _latency(events: int, presses: int) -> list[float]:
    from roomtui.ui.app import build_app

    with tempfile.TemporaryDirectory() as data:
        app = build_app(data)
        _prefill(app, events)
        times = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(presses):
                started = time.perf_counter()
                await pilot.press("space")  # pause / resume: one durable event each
                await pilot.pause()  # until drawn
                times.append(time.perf_counter() - started)
    return times


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def action_latency(presses: int = 120) -> dict[str, float]:
    """p95 time for a key's action to be on disk (fsync) and drawn, at 10 and 2,000 events."""
    small = asyncio.run(_latency(10, presses))
    large = asyncio.run(_latency(2000, presses))
    p_small, p_large = _p95(small) * 1000, _p95(large) * 1000
    return {
        "action_p95_ms_10_events": p_small,
        "action_p95_ms_2000_events": p_large,
        "action_p95_ratio_2000_vs_10": p_large / p_small,
    }
