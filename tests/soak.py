"""Concurrent updates: one writer process, reader processes following it, no torn reads.

``run`` is shared by the process test (a few seconds in ``make test``) and ``make bench``
(10 minutes). The writer is a real ``Session`` recording facilitator actions in a loop;
each reader is the ``Follower`` that watch, room and serve use, polling much faster than
they do so that a half-written file, if one could ever be seen, would be. A torn read is
any poll that reports a problem reading a file; ``backwards`` counts polls that saw
fewer events than an earlier one (an older file coming back).

Run one side by hand: ``python -m tests.soak writer DIR SECONDS [RATE]`` / ``reader DIR``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

GROUP = "Soak group"
NAMES = ["Ana", "Ben", "Cara", "Dev", "Eli", "Femi"]
#: Writes per second: far busier than any facilitator. The long run in ``make bench``
#: uses a slower rate so that its meeting file stays a size real meetings reach.
RATE = 20.0


def writer(root: Path, seconds: float, rate: float = RATE) -> dict:
    from roomtui.meeting import Refused
    from roomtui.session import open_session

    session = open_session(root, GROUP)
    meeting = session.meeting
    (root / "soak-ready").write_text("1")
    steps = [
        lambda at: meeting.queue(NAMES[len(meeting.events) % len(NAMES)], at),
        lambda at: meeting.queue(NAMES[(len(meeting.events) + 3) % len(NAMES)], at),
        meeting.next,
        meeting.toggle_pause,
        meeting.undo,
        meeting.redo,
        lambda at: meeting.adjust(30, at),
    ]
    writes = 0
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        try:
            session.record(steps[i % len(steps)](time.time()))
            writes += 1
        except Refused:
            pass  # that step did not fit the moment; the next one will
        i += 1
        time.sleep(1.0 / rate)
    events = len(meeting.events)
    session.close()
    (root / "soak-done").write_text(str(events))
    return {"writes": writes, "events": events}


def reader(root: Path) -> dict:
    from roomtui.views.follow import Follower

    follower = Follower(root, GROUP)
    polls = torn = backwards = 0
    last = 0
    problems: list[str] = []
    while True:
        done = (root / "soak-done").exists()
        snap = follower.poll()
        polls += 1
        if snap.problem:
            torn += 1
            problems.append(snap.problem)
        if snap.events < last:
            backwards += 1
        last = max(last, snap.events)
        if done:
            break
        time.sleep(0.005)
    return {"polls": polls, "torn": torn, "backwards": backwards, "last_events": last,
            "problems": problems[:3]}


def run(root: Path, seconds: float, readers: int = 2, rate: float = RATE) -> dict:
    root.mkdir(parents=True, exist_ok=True)
    base = [sys.executable, "-m", "tests.soak"]
    cwd = Path(__file__).resolve().parents[1]
    write = subprocess.Popen([*base, "writer", str(root), str(seconds), str(rate)], cwd=cwd,
                             stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (root / "soak-ready").exists():
        if time.monotonic() > deadline or write.poll() is not None:
            raise RuntimeError("the soak writer did not start")
        time.sleep(0.02)
    reads = [subprocess.Popen([*base, "reader", str(root)], cwd=cwd, stdout=subprocess.PIPE,
                              text=True) for _ in range(readers)]
    wrote = json.loads(write.communicate(timeout=seconds + 120)[0])
    results = [json.loads(r.communicate(timeout=120)[0]) for r in reads]
    return {**wrote, "seconds": seconds, "rate": rate, "readers": results}


def main(argv: list[str]) -> int:
    role, root = argv[0], Path(argv[1])
    if role == "writer":
        result = writer(root, float(argv[2]), float(argv[3]) if len(argv) > 3 else RATE)
    else:
        result = reader(root)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
