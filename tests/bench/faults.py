"""``make bench``: 200 append faults (issue #11). Each plays a scripted meeting, fails one
step of one write (write, file fsync, rename, folder fsync; EIO or ENOSPC) at a random
point, restarts, and checks the meeting equals its confirmed events (or those plus the
one in flight)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from roomtui import locations
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
