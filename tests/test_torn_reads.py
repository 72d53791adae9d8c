"""Torn reads: a reader never sees half a file while the writer appends.

A forked writer appends to a meeting file, staying at most a few appends ahead of the
reader (so the file, and each read, stays small however slow a shared machine is); the
test reads it 1,000 times
through ``MeetingLog(path, readonly=True).events()`` (a fresh reader each time, plus one
long-lived reader that must notice changes by itself) and 1,000 times as plain JSON.
Every read must parse, and the event count can only grow.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from roomtui.storage import MeetingLog

pytestmark = pytest.mark.process

READS = 1000
LEAD = 4  # the writer may be this many appends ahead of the reader's iterations
MIN_WRITES_SEEN = 50  # read on past READS until this many different versions were seen
DEADLINE = 120.0
FORK = multiprocessing.get_context("fork")


def _writer(path: str, stop, started, progress) -> None:
    log = MeetingLog(Path(path))
    first = n = len(log.events())
    started.set()
    while not stop.is_set():
        if n - first >= progress.value + LEAD:
            time.sleep(0.0002)  # far enough ahead: let the reader catch up
            continue
        log.append({"seq": n, "type": "queued", "at": time.time(), "name": f"person {n % 11}"})
        n += 1


def _raw_count(path: Path) -> int:
    data = json.loads(path.read_bytes())
    table = data["events"]
    seqs = sorted(doc["seq"] for doc in table.values())
    if seqs != list(range(len(seqs))):
        raise AssertionError(f"seqs not contiguous in a plain read: {seqs[:5]}…")
    return len(seqs)


def test_readers_never_see_a_torn_file(tmp_path):
    path = tmp_path / "m.json"
    MeetingLog(path).append({"seq": 0, "type": "meeting_started", "at": time.time(), "id": "m", "group": "G"})
    stop, started, progress = FORK.Event(), FORK.Event(), FORK.Value("l", 0)
    writer = FORK.Process(target=_writer, args=(str(path), stop, started, progress), daemon=True)
    writer.start()
    try:
        assert started.wait(DEADLINE), "the writer did not start"
        long_lived = MeetingLog(path, readonly=True)
        failures: list[str] = []
        counts: list[tuple[str, int]] = []
        t0 = time.monotonic()
        seen: set[int] = set()
        i = 0
        while i < READS or len(seen) < MIN_WRITES_SEEN:
            if time.monotonic() - t0 > DEADLINE:
                pytest.fail(f"{i} read rounds and {len(seen)} versions in {DEADLINE:.0f}s: too slow to judge")
            for how, load in (
                ("fresh MeetingLog", lambda: len(MeetingLog(path, readonly=True).events())),
                ("plain json", lambda: _raw_count(path)),
                ("long-lived MeetingLog", lambda: len(long_lived.events())),
            ):
                try:
                    counts.append((how, load()))
                    seen.add(counts[-1][1])
                except Exception as err:  # noqa: BLE001 - every failure is the finding
                    failures.append(f"read {i} ({how}): {type(err).__name__}: {err}")
            i += 1
            progress.value = i
            if not writer.is_alive():
                break
        elapsed = time.monotonic() - t0
        assert writer.is_alive(), f"the writer died (exit code {writer.exitcode})"
    finally:
        stop.set()
        writer.join(DEADLINE)
        if writer.is_alive():
            os.kill(writer.pid, signal.SIGKILL)
            writer.join(DEADLINE)

    assert failures == [], f"{len(failures)} failed reads, first: {failures[:3]}"
    assert len(counts) == 3 * i >= 3 * READS
    backwards = [
        (k, counts[k - 1], counts[k]) for k in range(1, len(counts)) if counts[k][1] < counts[k - 1][1]
    ]
    assert backwards == [], f"the count went backwards: {backwards[:3]}"
    print(f"\n{3 * i} reads in {elapsed:.1f}s, {len(seen)} different counts seen")
    assert len(seen) >= MIN_WRITES_SEEN  # the reads really raced the writer
    final = len(MeetingLog(path, readonly=True).events())
    assert final >= counts[-1][1]
