"""kill -9 during a scripted 90-minute meeting, sped up by a clock that jumps.

A forked child opens the group the way the app does (``open_session``: lock, resume,
index, groups), then plays the next actions of a fixed script through the core's
decision methods and ``session.record``, each one 20 s of fake time after the last, so
270 actions are a 90-minute meeting (with notes, attendance, rounds, pauses, undo and
the end). After ``record`` returns it writes the event count down a pipe: what arrives
in the parent was confirmed. The parent SIGKILLs the child at a random moment (also
during the open itself), then checks like a restart would: every file loads, the
meeting on disk holds exactly the confirmed events, or one more (written, killed
before it was reported), and the next ``open_session`` resumes that same meeting.

Shared by tests/test_kill_meeting.py (a few rounds) and ``make bench`` (200 rounds).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

from roomtui.meeting import Meeting, Refused
from roomtui.session import open_session
from roomtui.storage import GroupBook, MeetingIndex, MeetingLog, locations

FORK = multiprocessing.get_context("fork")
GROUP = "Kill group"
T0 = 1_800_000_000.0
STEP = 20.0  # fake seconds between actions
MEETING_ACTIONS = 270  # 270 x 20 s = 90 minutes
NAMES = ["Ana", "Ben", "Cara", "Dev", "Eli", "Femi", "Gus [bold]x[/]"]
DONE = b"done\n"


def action(meeting: Meeting, n: int, at: float) -> dict:
    """The n-th scripted action (a cycle through what a facilitator does)."""
    if n >= MEETING_ACTIONS:
        return meeting.end(at)
    name = NAMES[n % len(NAMES)]
    known = NAMES
    step = n % 17
    if step == 1:
        return meeting.take_attendance(NAMES[:5], known, at)
    if step in (2, 3, 4, 9, 10):
        return meeting.queue(name, at)
    if step in (5, 11):
        return meeting.next(at)
    if step == 6:
        return meeting.add_note(f"theme {n}: {'ü' * (n % 5)} [red]not markup[/]", at)
    if step == 7:
        return meeting.toggle_pause(at)
    if step == 8:
        return meeting.toggle_pause(at)
    if step == 12:
        return meeting.arrive(NAMES[5 + n % 2], known, at)
    if step == 13:
        return meeting.undo(at)
    if step == 14:
        return meeting.adjust(60, at)
    if step == 15:
        return meeting.pass_turn(at)
    if step == 16 and n % 3 == 0:
        return meeting.next_phase(at)
    return meeting.queue(name, at)


def _play(root: str, report_fd: int) -> None:
    """Child: open (resume) the group, then play the script and report each confirmed event."""
    n = [0]

    def clock() -> float:
        return T0 + STEP * n[0]

    path_root = Path(root)
    session = open_session(path_root, GROUP, clock=clock)
    n[0] = len(session.meeting.events)
    os.write(report_fd, b"%d\n" % n[0])
    while session.state.is_open:
        try:
            ev = action(session.meeting, n[0], clock())
        except Refused:
            ev = session.meeting.queue(f"Extra {n[0]}", clock())
        session.record(ev)
        n[0] = len(session.meeting.events)
        os.write(report_fd, b"%d\n" % n[0])  # unbuffered: what arrives was confirmed
    os.write(report_fd, DONE)
    time.sleep(3600)  # wait to be killed like the others


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _kill_round(root: Path, delay: float) -> tuple[list[int], bool, int | None]:
    read_fd, write_fd = os.pipe()
    child = FORK.Process(target=_play, args=(str(root), write_fd), daemon=True)
    try:
        child.start()
    finally:
        os.close(write_fd)
    try:
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.join(30)
        reported = _read_all(read_fd)
    finally:
        os.close(read_fd)
        if child.is_alive():
            child.kill()
            child.join(30)
    done = reported.endswith(DONE)
    if done:
        reported = reported[: -len(DONE)]
    return [int(x) for x in reported.split()], done, child.exitcode


def check_files(root: Path) -> tuple[list[dict], list[dict]]:
    """Every file roomtui keeps loads (raises DamagedFile if not): (index rows, events)."""
    groups = GroupBook(locations.groups_file(root), readonly=True).all() \
        if locations.groups_file(root).exists() else []
    if not locations.index_file(root).exists():
        return [], []
    rows = MeetingIndex(locations.index_file(root), readonly=True).all()
    assert all(r["group_id"] in {g["id"] for g in groups} for r in rows), "index names a lost group"
    events: list[dict] = []
    for row in rows:
        path = locations.meeting_file(root, row["id"])
        if path.exists():
            events = MeetingLog(path, readonly=True).events()
    return rows, events


def kill_many(base: Path, rounds: int, seed: object = None, max_delay: float = 0.25) -> dict:
    """``rounds`` kills; a finished meeting starts another in a fresh data folder."""
    rng = random.Random(seed)
    meeting_no, confirmed, one_more, meetings_done, finished_events = 0, 0, 0, 0, 0
    root = locations.data_dir(base / "m0")
    for round_no in range(rounds):
        delay = rng.uniform(0, max_delay)
        reported, done, exitcode = _kill_round(root, delay)
        where = f"round {round_no} (meeting {meeting_no}), killed after {delay * 1000:.0f} ms"
        assert exitcode == -signal.SIGKILL, f"{where}: the child ended by itself ({exitcode})"
        rows, events = check_files(root)
        if reported:
            # the first report is what the restart resumed: the previous round's result
            assert reported[0] in (confirmed, confirmed + 1) or confirmed == 0, (where, reported)
            assert reported == list(range(reported[0], reported[0] + len(reported))), where
            confirmed = reported[-1]
        assert len(events) in (confirmed, confirmed + 1), (
            f"{where}: {len(events)} events on disk, {confirmed} confirmed")
        one_more += len(events) == confirmed + 1
        confirmed = len(events)
        if events:
            assert [e["seq"] for e in events] == list(range(len(events))), where
            replayed = Meeting(events)
            assert len(rows) == 1, where  # never a second meeting from a resume
            assert replayed.state.id == rows[0]["id"], where
        if done:
            assert not Meeting(events).state.is_open, where
        if events and not Meeting(events).state.is_open:  # ended (reported or not)
            meetings_done += 1
            finished_events += len(events)
            meeting_no += 1
            root = locations.data_dir(base / f"m{meeting_no}")
            confirmed = 0
    # the restart after the last kill resumes exactly what is on disk
    if confirmed:
        session = open_session(root, GROUP, clock=lambda: T0 + STEP * confirmed)
        try:
            assert session.resumed
            assert len(session.meeting.events) == confirmed
            assert session.state == Meeting(check_files(root)[1]).state
        finally:
            session.close()
    return {"kill_meeting_rounds": rounds, "kill_meeting_written_unreported": one_more,
            "kill_meeting_meetings_finished": meetings_done,
            "kill_meeting_events_last": confirmed,
            "kill_meeting_events_total": finished_events + confirmed}
