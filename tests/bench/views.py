"""Benchmarks of the read-only views (issue 6): key-to-watch latency and the 10-minute soak."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from roomtui.meeting.timers import clock
from tests import soak
from tests.views_tmux import Tmux, tmux_env

#: ``make bench`` runs the concurrent-update soak for 10 minutes unless told otherwise.
SOAK_SECONDS = float(os.environ.get("ROOMTUI_SOAK_SECONDS", "600"))


def watch_latency(presses: int = 20) -> dict[str, float]:
    """Seconds from a key in the facilitator's app to the change on ``watch``'s screen."""
    if shutil.which("tmux") is None:
        return {"watch_latency_skipped": 1}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        term = Tmux(f"roomtui-bench-{os.getpid()}", tmux_env(data))
        try:
            py = [sys.executable, "-m", "roomtui"]
            term.start("fac", [*py, "--group", "Bench"])
            term.wait_for("fac", "Press a to add someone", 60)
            term.start("watch", [*py, "watch", "--group", "Bench"])
            term.wait_for("watch", "Nobody waiting", 60)
            term.keys("fac", "a")
            term.type("fac", "Ana ")
            term.keys("fac", "Enter")
            term.wait_for("fac", "New person: Ana?", 30)  # not on the roster: asked once
            term.keys("fac", "Enter")
            term.wait_for("watch", " 1  Ana", 30)
            term.keys("fac", "n")
            term.wait_for("watch", "3:00 limit", 30)
            seen = []
            pacing = random.Random(15)
            for k in range(1, presses + 1):
                # views look once a second: a press right after a look would always
                # wait a whole second, one right before none; press at random moments
                time.sleep(pacing.uniform(0, 1))
                started = time.monotonic()
                term.keys("fac", "+")
                term.wait_for("watch", f"{clock(180 + 30 * k)} limit", 30)
                seen.append(time.monotonic() - started)
        finally:
            term.kill()
    ordered = sorted(seen)
    return {
        "watch_latency_median_ms": statistics.median(seen) * 1000,
        "watch_latency_p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "watch_latency_max_ms": ordered[-1] * 1000,
    }


def views_soak() -> dict[str, float]:
    """One writer and two followers for SOAK_SECONDS: torn reads must be zero."""
    with tempfile.TemporaryDirectory() as tmp:
        result = soak.run(Path(tmp) / "data", seconds=SOAK_SECONDS, readers=2, rate=5.0)
    readers = result["readers"]
    return {
        "soak_seconds": SOAK_SECONDS,
        "soak_writes": result["writes"],
        "soak_events": result["events"],
        "soak_reader_polls": sum(r["polls"] for r in readers),
        "soak_torn_reads": sum(r["torn"] for r in readers),
        "soak_backwards_reads": sum(r["backwards"] for r in readers),
    }
