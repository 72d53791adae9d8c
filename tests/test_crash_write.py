"""Crash-write: a writer killed with SIGKILL at any moment never leaves a file that fails to load.

A forked child appends to one meeting file as fast as it can and reports each event's
seq down a raw pipe once ``append`` has returned (durable). The parent kills it after a
random 0-30 ms, 200 times on the same file, the way restarts after crashes would. After
each kill the file must load with contiguous seqs, holding exactly the events reported
durable, or one more (written, killed before it could say so).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from roomtui.session import prepare_data
from roomtui.storage import MeetingLog, clean_temp_files, locations
from roomtui.storage.atomic import TMP_SUFFIX

pytestmark = pytest.mark.process

ROUNDS = 200
MAX_DELAY = 0.030
DEADLINE = 30.0
FORK = multiprocessing.get_context("fork")


def _append_forever(path: str, report_fd: int) -> None:
    """Child: resume the log like a restart does, then append and report, forever."""
    log = MeetingLog(Path(path))
    n = len(log.events())
    while True:
        log.append({"seq": n, "type": "queued", "at": time.time(), "name": f"p{n % 7}"})
        os.write(report_fd, b"%d\n" % n)  # unbuffered: what arrives was durable
        n += 1


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _temp_files(folder: Path) -> set[str]:
    return {p.name for p in folder.glob(f".*{TMP_SUFFIX}")}


def _kill_round(path: Path, delay: float) -> tuple[list[int], int | None]:
    """Start a child appending, SIGKILL it after ``delay``; return (seqs reported, exitcode)."""
    read_fd, write_fd = os.pipe()
    child = FORK.Process(target=_append_forever, args=(str(path), write_fd), daemon=True)
    try:
        child.start()
    finally:
        os.close(write_fd)  # the child holds the only write end: EOF when it dies
    try:
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.join(DEADLINE)
        reported = _read_all(read_fd)
    finally:
        os.close(read_fd)
        if child.is_alive():
            child.kill()
            child.join(DEADLINE)
    return [int(x) for x in reported.split()], child.exitcode


def test_sigkill_at_random_moments_never_damages_the_log(tmp_path):
    rng = random.Random(os.environ.get("ROOMTUI_CRASH_SEED") or None)
    root = locations.data_dir(tmp_path / "data")
    folder = locations.meetings_dir(root)
    path = folder / "m.json"
    MeetingLog(path).append({"seq": 0, "type": "meeting_started", "at": time.time(), "id": "m", "group": "G"})
    count = 1
    one_more = 0  # rounds where a write landed but was killed before being reported
    leftovers: set[str] = set()
    started = time.monotonic()

    for round_no in range(ROUNDS):
        delay = rng.uniform(0, MAX_DELAY)
        reported, exitcode = _kill_round(path, delay)
        where = f"round {round_no}, delay {delay * 1000:.1f} ms"
        assert exitcode == -signal.SIGKILL, f"{where}: the child ended by itself ({exitcode})"
        assert reported == list(range(count, count + len(reported))), where
        confirmed = count + len(reported)

        events = MeetingLog(path, readonly=True).events()  # raises if damaged or seqs gap
        assert len(events) in (confirmed, confirmed + 1), (
            f"{where}: {len(events)} events on disk, {confirmed} reported durable"
        )
        assert [e["seq"] for e in events] == list(range(len(events)))
        one_more += len(events) == confirmed + 1
        count = len(events)
        leftovers |= _temp_files(folder)

    elapsed = time.monotonic() - started
    print(
        f"\n{ROUNDS} kills in {elapsed:.1f}s: {count} events, "
        f"{one_more} kills between durable and reported, {len(leftovers)} temp files left"
    )
    assert count > ROUNDS // 10, "the children hardly appended: the test proved little"

    # What the kills left behind goes at the next start, and the log is unharmed.
    prepare_data(root)
    assert _temp_files(folder) == set()
    assert len(MeetingLog(path).events()) == count


def _die_before_replace(path: str) -> None:
    """Child: write the temp file, then die just before ``os.replace`` would land it."""
    log = MeetingLog(Path(path))
    n = len(log.events())

    def killed(*_args, **_kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    os.replace = killed  # only in this forked child
    log.append({"seq": n, "type": "queued", "at": time.time(), "name": "never"})


def test_temp_file_left_by_a_kill_is_cleaned_at_start(tmp_path):
    root = locations.data_dir(tmp_path / "data")
    folder = locations.meetings_dir(root)
    path = folder / "m.json"
    log = MeetingLog(path)
    log.append({"seq": 0, "type": "meeting_started", "at": time.time(), "id": "m", "group": "G"})
    log.append({"seq": 1, "type": "queued", "at": time.time(), "name": "Ana"})
    before = path.read_bytes()

    child = FORK.Process(target=_die_before_replace, args=(str(path),), daemon=True)
    child.start()
    child.join(DEADLINE)
    assert child.exitcode == -signal.SIGKILL

    left = sorted(folder.glob(f".*{TMP_SUFFIX}"))
    assert len(left) == 1, left
    assert left[0].name.startswith(f".m.json.{child.pid}.")
    assert b'"never"' in left[0].read_bytes()  # the write that never landed
    assert path.read_bytes() == before  # the log is the old one, whole
    assert len(MeetingLog(path, readonly=True).events()) == 2

    assert clean_temp_files(folder) == left
    assert sorted(folder.glob(f".*{TMP_SUFFIX}")) == []

    # and through the start-up path, in every folder roomtui writes
    for where in (root, folder, locations.locks_dir(root)):
        (where / f".x.json.{child.pid}.00ff00ff{TMP_SUFFIX}").write_bytes(b"{")
    prepare_data(root)
    for where in (root, folder, locations.locks_dir(root)):
        assert list(where.glob(f".*{TMP_SUFFIX}")) == []
    assert path.read_bytes() == before
    MeetingLog(path).append({"seq": 2, "type": "queued", "at": time.time(), "name": "Ben"})
    assert len(MeetingLog(path, readonly=True).events()) == 3
