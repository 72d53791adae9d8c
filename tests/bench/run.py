"""``make bench``: speed and memory as ratios against a bare Textual app, measured in the
same run on the same machine. Prints one ``name: value`` per line.

Each benchmark is a function returning ``{name: value}``; add yours to ``BENCHES`` (one
module per area, e.g. ``tests/bench/idle.py``). ``python -m tests.bench.run NAME ...``
runs only the named ones. These machines are shared and noisy: the goals are ratios,
never timed assertions in ``make test``.
"""

from __future__ import annotations

import sys
import time

from tests.bench.care import care_pause_latency
from tests.bench.core import action_latency, ready_on_screen
from tests.bench.faults import append_faults_200, open_checked_500
from tests.bench.groups import groups_at_scale
from tests.bench.idle import idle_cpu
from tests.bench.idle_views import idle_cpu_views
from tests.bench.kills import kill_meeting_200
from tests.bench.monkey import monkey_crashes
from tests.bench.names import names_matching
from tests.bench.protect import note_latency_protected
from tests.bench.report import report_at_scale
from tests.bench.review import review_list_search
from tests.bench.views import views_soak, watch_latency

BENCHES = [
    ready_on_screen, action_latency, review_list_search, idle_cpu, idle_cpu_views, watch_latency, views_soak,
    groups_at_scale,
    care_pause_latency,
    kill_meeting_200,
    report_at_scale,
    names_matching,
    note_latency_protected,
    append_faults_200,
    open_checked_500,
    monkey_crashes,
]


def main(names: list[str]) -> int:
    started = time.perf_counter()
    for bench in BENCHES:
        if names and bench.__name__ not in names:
            continue
        for name, value in bench().items():
            shown = f"{value:.3f}" if isinstance(value, float) else value
            print(f"{name}: {shown}", flush=True)
    print(f"bench_seconds: {time.perf_counter() - started:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
