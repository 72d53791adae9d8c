"""``make bench``: 200 kill -9 at random moments through whole sped-up 90-minute meetings."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from tests.kill_meeting import kill_many


def kill_meeting_200() -> dict:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        result = kill_many(Path(folder), 200, seed=os.environ.get("ROOMTUI_CRASH_SEED"),
                           max_delay=0.5)
    result["kill_meeting_seconds"] = time.perf_counter() - started
    return result
