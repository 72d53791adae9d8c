"""``make bench``: 200 append faults (issue #11). Each plays a scripted meeting, fails one
step of one write (write, file fsync, rename, folder fsync; EIO or ENOSPC) at a random
point, restarts, and checks the meeting equals its confirmed events (or those plus the
one in flight)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from roomtui.storage import locations
from tests.fault_append import run_one


def append_faults_200(runs: int = 200) -> dict:
    fired = bad = in_flight = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(runs):
            out = run_one(locations.data_dir(Path(tmp) / str(seed)), seed)
            fired += out.fired
            bad += bool(out.problems)
            in_flight += out.in_flight_counted
            for problem in out.problems:
                print(f"# fault {seed}: {problem}", flush=True)
    return {
        "append_faults_runs": runs,
        "append_faults_fired": fired,
        "append_faults_unreadable_or_wrong": bad,
        "append_faults_in_flight_kept": in_flight,
    }


def open_checked_500() -> dict:
    """Opening a group's meeting with 500 past meetings, every file checked by type (#11):
    the best of 5 ``open_session`` calls, in ms."""
    import json
    import time

    from roomtui.session import open_session
    from roomtui.storage import MeetingIndex
    from roomtui.storage.atomic import dump_json

    with tempfile.TemporaryDirectory() as tmp:
        root = locations.data_dir(Path(tmp) / "d")
        open_session(root, "G").close()
        row = MeetingIndex(locations.index_file(root)).all()[0]
        data = json.loads(locations.index_file(root).read_bytes())
        note = {"at": 1.0, "tag": "theme", "text": "x" * 40, "phase": "Sharing"}
        src = locations.meeting_file(root, row["id"]).read_bytes()
        for i in range(2, 502):
            data["meetings"][str(i)] = dict(row, id=f"m{i}", ended_at=row["started_at"] + 5,
                                            notes=[note] * 5)
            locations.meeting_file(root, f"m{i}").write_bytes(src)
        locations.index_file(root).write_bytes(dump_json(data))
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            session = open_session(root, "G")
            best = min(best, (time.perf_counter() - started) * 1000)
            session.close()
    return {"open_checked_500_ms": best}
