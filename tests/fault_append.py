"""Fault injection for the append path (issue #11, the bar).

Each step of a crash-safe write (the temp file's write, its fsync, the rename, the
folder's fsync) can be made to fail once, with EIO or ENOSPC, at the k-th time that step
runs. ``run_one`` plays a scripted meeting through ``Session.attempt`` as the screens do,
arms one fault at a random point, plays on a little, then "restarts" (the lock let go
without a clean close, as after a crash) and checks that the meeting loads and equals the
events that were confirmed, or those plus the one in flight.
"""

from __future__ import annotations

import errno
import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import roomtui.storage.atomic as atomic
from roomtui.session import open_session
from roomtui.storage import MeetingLog, locations

STEPS = ("write", "fsync", "rename", "dirsync")
ERRORS = (errno.EIO, errno.ENOSPC)
NAMES = ["Ana", "Ben", "Cara", "Dev", "Eli", "Femi"]


class _Os:
    """``os`` as roomtui.storage.atomic sees it, with one function swapped."""

    def __init__(self, **swapped) -> None:
        self._swapped = swapped

    def __getattr__(self, name: str):
        return self._swapped.get(name) or getattr(os, name)


def _real_fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Fault:
    """Fail ``step`` once with ``code`` at its ``at``-th run (1-based) after arming."""

    def __init__(self, step: str, code: int, at: int) -> None:
        self.step, self.code, self.at = step, code, at
        self.calls = 0
        self.fired = False
        self._saved: tuple | None = None

    def _maybe_fail(self) -> None:
        self.calls += 1
        if not self.fired and self.calls == self.at:
            self.fired = True
            raise OSError(self.code, os.strerror(self.code))

    def __enter__(self) -> Fault:
        self._saved = (atomic.os, atomic.fsync_dir)
        real_dir = _real_fsync_dir
        if self.step == "dirsync":
            def fsync_dir(path):
                self._maybe_fail()
                real_dir(path)
            atomic.fsync_dir = fsync_dir
            return self
        atomic.fsync_dir = real_dir  # the folder's fsync never goes through the swapped os
        real = {"write": os.write, "fsync": os.fsync, "rename": os.replace}[self.step]

        def failing(*args):
            self._maybe_fail()
            return real(*args)

        atomic.os = _Os(**{"replace" if self.step == "rename" else self.step: failing})
        return self

    def __exit__(self, *exc) -> None:
        atomic.os, atomic.fsync_dir = self._saved


def _actions(rng: random.Random):
    """Endless facilitator actions (each a maker for Session.attempt)."""
    while True:
        pick = rng.random()
        name = rng.choice(NAMES)
        if pick < 0.35:
            yield lambda m, now, n=name: m.queue(n, now)
        elif pick < 0.55:
            yield lambda m, now: m.next(now)
        elif pick < 0.62:
            yield lambda m, now: m.pass_turn(now)
        elif pick < 0.72:
            yield lambda m, now: m.add_note(f"note [bold] {rng.random():.3f} 🌱", now)
        elif pick < 0.8:
            yield lambda m, now: m.toggle_pause(now)
        elif pick < 0.86:
            yield lambda m, now: m.undo(now)
        elif pick < 0.9:
            yield lambda m, now: m.adjust(30, now)
        elif pick < 0.95:
            yield lambda m, now: m.next_phase(now)
        else:
            yield lambda m, now: m.redo(now)


def _norm(events: list[dict]) -> list:
    return json.loads(json.dumps(events))


@dataclass
class Outcome:
    step: str
    code: int
    fired: bool
    confirmed: int
    loaded: int
    in_flight_counted: bool
    problems: list[str] = field(default_factory=list)


def run_one(root: Path, seed: int, step: str | None = None, code: int | None = None) -> Outcome:
    """One scripted meeting with one fault; returns what the restart found."""
    rng = random.Random(seed)
    step, code = step or rng.choice(STEPS), code or rng.choice(ERRORS)
    now = [1_000_000.0 + seed]

    def clock() -> float:
        now[0] += rng.uniform(0.5, 40.0)
        return now[0]

    session = open_session(root, "Fault group", new=True, clock=clock)
    actions = _actions(rng)
    before = rng.randint(0, 25)
    for _ in range(before):
        session.attempt(lambda at, a=next(actions): a(session.meeting, at))
    fault = Fault(step, code, at=rng.randint(1, 4))
    in_flight = None
    with fault:
        for _ in range(12):
            act = next(actions)
            made = []

            def make(at, a=act):
                made.append(a(session.meeting, at))
                return made[-1]

            changed, _said = session.attempt(make)
            if made and not changed:
                in_flight = made[-1]
            if fault.fired:
                break
    after = rng.randint(0, 4)  # play on a little: the next events must not reuse a seq
    for _ in range(after):
        session.attempt(lambda at, a=next(actions): a(session.meeting, at))
    confirmed = _norm(session.meeting.events)
    meeting_id = session.state.id
    session._log.close()
    session._lock.release()  # a crash: no clean close, no last checkpoint

    out = Outcome(step, code, fault.fired, len(confirmed), 0, False)
    try:
        loaded = _norm(MeetingLog(locations.meeting_file(root, meeting_id)).events())
    except Exception as err:  # noqa: BLE001 - any failure to load is the finding
        out.problems.append(f"the meeting no longer loads: {err}")
        return out
    out.loaded = len(loaded)
    if loaded != confirmed:
        if in_flight is not None and loaded == confirmed + _norm([in_flight]) and not after:
            out.in_flight_counted = True
        else:
            out.problems.append(
                f"loaded {len(loaded)} events, confirmed {len(confirmed)} ({step}, "
                f"{errno.errorcode[code]})")
    again = open_session(root, "Fault group", clock=clock)
    try:
        if _norm(again.meeting.events) != loaded:
            out.problems.append("the resumed meeting differs from its file")
        changed, said = again.attempt(lambda at: again.meeting.add_note("after restart", at))
        if not changed:
            out.problems.append(f"the resumed meeting refused a note: {said}")
    finally:
        again.close()
    return out
