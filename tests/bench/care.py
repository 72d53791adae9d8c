"""Benchmarks for the care pause and quiet mode keys (issue 4): a key to a drawn screen."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time

from tests.bench.core import _p95, _prefill


async def _care_latency(events: int, rounds: int) -> list[float]:
    from roomtui.ui.app import build_app

    with tempfile.TemporaryDirectory() as data:
        app = build_app(data)
        _prefill(app, events)
        times = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(rounds):
                for key in ("exclamation_mark", "enter"):  # into the pause and out: 2 events
                    started = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()
                    times.append(time.perf_counter() - started)
    return times


def care_pause_latency(rounds: int = 60) -> dict[str, float]:
    """p95 of ``!`` / Enter (durable event + screen switch) at 10 and 2,000 events."""
    small = asyncio.run(_care_latency(10, rounds))
    large = asyncio.run(_care_latency(2000, rounds))
    return {
        "care_key_p95_ms_10_events": _p95(small) * 1000,
        "care_key_p95_ms_2000_events": _p95(large) * 1000,
        "care_key_median_ms_2000_events": statistics.median(large) * 1000,
    }
