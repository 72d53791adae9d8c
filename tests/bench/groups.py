"""Benchmarks for groups (issue: groups, roster, attendance): switching group, the group
list and the newcomer check, with 20 groups and 1,000 past meetings in the index."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from roomtui import groups
from roomtui.storage import MeetingIndex, locations


def _p95(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.95) - 1]


def groups_at_scale(meetings: int = 1000, group_count: int = 20, runs: int = 40) -> dict:
    from roomtui.session import open_session

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        session = open_session(root)
        ids = [groups.create_group(session, f"Group {i}")["id"] for i in range(group_count)]
        index = MeetingIndex(locations.index_file(root))
        starter = session.group["id"]
        rows = [{"id": f"m{i}", "group": "Starter group", "group_id": starter,
                 "started_at": 1_000_000.0 + i, "ended_at": 1_000_100.0 + i,
                 "present": ["Ana", "Ben", f"P{i % 40}"]} for i in range(meetings)]
        index._db.table("meetings").insert_multiple(rows)  # setup only, not measured
        session.record(session.meeting.take_attendance(["Ana", "Zoë"], ["Ana"], 2e6))
        listing, newcomer, switch = [], [], []
        for i in range(runs):
            t = time.perf_counter()
            groups.list_groups(session)
            listing.append(time.perf_counter() - t)
            t = time.perf_counter()
            groups.welcome_lines(session)
            newcomer.append(time.perf_counter() - t)
            t = time.perf_counter()
            other = groups.switch_group(session, ids[i % group_count])
            switch.append(time.perf_counter() - t)
            session = groups.switch_group(other, starter)
        session.close()
    return {
        "group_list_p95_ms_1000_meetings": _p95(listing) * 1000,
        "newcomer_check_p95_ms_1000_meetings": _p95(newcomer) * 1000,
        "switch_group_median_ms": statistics.median(switch) * 1000,
        "switch_group_p95_ms": _p95(switch) * 1000,
    }
